/*
 * Everything libpurple would show to a person becomes an event line here:
 * connection signals, chat signals, the room list and notify dialogs.
 * Chat messages come from the conversation UI op write_chat rather than the
 * received-chat-msg signal because only write_chat carries the message
 * timestamp (history lines keep their original time) and also sees our own
 * echoed posts and system/error lines.
 */
#include <stdio.h>
#include <string.h>
#include "harness.h"

static gboolean debug_enabled;
static gboolean saw_conn_error;
static int signal_handle;

gboolean ui_saw_connection_error(void)
{
	return saw_conn_error;
}

/* ---- helpers ---- */

static void emit_room(PurpleConversation *conv)
{
	emit_str("room", conv ? purple_conversation_get_name(conv) : "");
	emit_str("uri", rooms_uri_of(conv));
}

static const char *conn_error_name(PurpleConnectionError e)
{
	static const char *names[] = {
		"network-error", "invalid-username", "authentication-failed",
		"authentication-impossible", "no-ssl-support", "encryption-error",
		"name-in-use", "invalid-settings", "cert-not-provided", "cert-untrusted",
		"cert-expired", "cert-not-activated", "cert-hostname-mismatch",
		"cert-fingerprint-mismatch", "cert-self-signed", "cert-other-error",
		"other-error",
	};
	return (unsigned)e < G_N_ELEMENTS(names) ? names[e] : "unknown";
}

static gchar *message_flag_names(PurpleMessageFlags f)
{
	static const struct { PurpleMessageFlags bit; const char *name; } map[] = {
		{ PURPLE_MESSAGE_SEND, "send" }, { PURPLE_MESSAGE_RECV, "recv" },
		{ PURPLE_MESSAGE_SYSTEM, "system" }, { PURPLE_MESSAGE_AUTO_RESP, "auto-resp" },
		{ PURPLE_MESSAGE_ACTIVE_ONLY, "active-only" }, { PURPLE_MESSAGE_NICK, "nick" },
		{ PURPLE_MESSAGE_NO_LOG, "no-log" }, { PURPLE_MESSAGE_WHISPER, "whisper" },
		{ PURPLE_MESSAGE_ERROR, "error" }, { PURPLE_MESSAGE_DELAYED, "delayed" },
		{ PURPLE_MESSAGE_RAW, "raw" }, { PURPLE_MESSAGE_IMAGES, "images" },
		{ PURPLE_MESSAGE_NOTIFY, "notify" }, { PURPLE_MESSAGE_NO_LINKIFY, "no-linkify" },
		{ PURPLE_MESSAGE_INVISIBLE, "invisible" }, { PURPLE_MESSAGE_REMOTE_SEND, "remote-send" },
	};
	GString *s = g_string_new(NULL);
	for (gsize i = 0; i < G_N_ELEMENTS(map); i++)
		if (f & map[i].bit)
			g_string_append_printf(s, "%s%s", s->len ? "," : "", map[i].name);
	return g_string_free(s, FALSE);
}

/* ---- connection signals ---- */

static void on_signed_on(PurpleConnection *gc, gpointer d)
{
	(void)d;
	emit_begin("signed-on");
	emit_str("account", purple_account_get_username(purple_connection_get_account(gc)));
	emit_end();
}

static void on_signed_off(PurpleConnection *gc, gpointer d)
{
	(void)d;
	emit_begin("signed-off");
	emit_str("account", purple_account_get_username(purple_connection_get_account(gc)));
	emit_end();
}

static void on_connection_error(PurpleConnection *gc, PurpleConnectionError err,
				const char *desc, gpointer d)
{
	(void)gc; (void)d;
	saw_conn_error = TRUE;
	emit_begin("connection-error");
	emit_int("code", err);
	emit_str("reason", conn_error_name(err));
	emit_str("description", desc);
	emit_end();
}

/* ---- chat signals ---- */

static void on_chat_joined(PurpleConversation *conv, gpointer d)
{
	(void)d;
	rooms_bind(conv);
	emit_begin("chat-joined");
	emit_room(conv);
	emit_end();
}

static void on_chat_left(PurpleConversation *conv, gpointer d)
{
	(void)d;
	emit_begin("chat-left");
	emit_room(conv);
	emit_end();
}

static void on_conv_deleting(PurpleConversation *conv, gpointer d)
{
	(void)d;
	rooms_forget(conv);
}

static void on_topic(PurpleConversation *conv, const char *who, const char *topic, gpointer d)
{
	(void)d;
	emit_begin("chat-topic");
	emit_room(conv);
	emit_str("who", who);
	emit_str("topic", topic);
	emit_end();
}

static void on_user_joined(PurpleConversation *conv, const char *user,
			   PurpleConvChatBuddyFlags flags, gboolean new_arrival, gpointer d)
{
	(void)d;
	emit_begin("chat-user-joined");
	emit_room(conv);
	emit_str("user", user);
	emit_int("flags", flags);
	emit_str("operator", (flags & PURPLE_CBFLAGS_OP) ? "true" : "false");
	emit_str("new", new_arrival ? "true" : "false");
	emit_end();
}

static void on_user_flags(PurpleConversation *conv, const char *user,
			  PurpleConvChatBuddyFlags old_flags, PurpleConvChatBuddyFlags flags, gpointer d)
{
	(void)d; (void)old_flags;
	emit_begin("chat-user-flags");
	emit_room(conv);
	emit_str("user", user);
	emit_int("flags", flags);
	emit_str("operator", (flags & PURPLE_CBFLAGS_OP) ? "true" : "false");
	emit_end();
}

static void on_user_left(PurpleConversation *conv, const char *user, const char *reason, gpointer d)
{
	(void)d;
	emit_begin("chat-user-left");
	emit_room(conv);
	emit_str("user", user);
	emit_str("reason", reason);
	emit_end();
}

/* ---- conversation UI op: every line shown in a chat window ---- */

/* HTML to plain text the way Pidgin displays it: sipe delivers chat text
 * HTML-escaped but with raw line breaks, which Pidgin shows as breaks while
 * an HTML stripper would fold them into spaces. */
static gchar *plain_text(const char *html)
{
	GRegex *newline = g_regex_new("\r?\n", 0, 0, NULL);
	gchar *marked = g_regex_replace_literal(newline, html ? html : "", -1, 0, "<br>", 0, NULL);
	gchar *plain = purple_markup_strip_html(marked);

	g_free(marked);
	g_regex_unref(newline);
	return plain;
}

static void write_chat(PurpleConversation *conv, const char *who, const char *message,
		       PurpleMessageFlags flags, time_t mtime)
{
	gchar *names = message_flag_names(flags);
	gchar *plain = plain_text(message);
	GDateTime *dt = g_date_time_new_from_unix_utc((gint64)mtime);
	gchar *iso = dt ? g_date_time_format(dt, "%Y-%m-%dT%H:%M:%SZ") : g_strdup("");

	emit_begin("chat-msg");
	emit_room(conv);
	emit_str("from", who);
	emit_str("flags", names);
	emit_str("text", plain);
	emit_str("html", message);
	emit_str("ts", iso);
	emit_int("epoch", (long)mtime);
	emit_end();
	g_free(iso);
	if (dt)
		g_date_time_unref(dt);
	g_free(plain);
	g_free(names);
}

static PurpleConversationUiOps conv_ops = { .write_chat = write_chat };

/* ---- room list ---- */

static void roomlist_add(PurpleRoomlist *list, PurpleRoomlistRoom *room)
{
	GList *field = purple_roomlist_get_fields(list);
	GList *value = purple_roomlist_room_get_fields(room);

	emit_begin("room");
	emit_str("name", purple_roomlist_room_get_name(room));
	/* sipe's fields are uri, users, invite, private, logged, description;
	 * print them all by their internal names so nothing is lost. */
	for (; field && value; field = field->next, value = value->next) {
		PurpleRoomlistField *f = field->data;
		const char *key = f->name; /* no accessor in libpurple 2 */
		gchar *num;

		switch (purple_roomlist_field_get_type(f)) {
		case PURPLE_ROOMLIST_FIELD_STRING:
			emit_str(key, value->data);
			break;
		case PURPLE_ROOMLIST_FIELD_BOOL:
			emit_str(key, GPOINTER_TO_INT(value->data) ? "true" : "false");
			break;
		default:
			num = g_strdup_printf("%d", GPOINTER_TO_INT(value->data));
			emit_str(key, num);
			g_free(num);
		}
	}
	emit_end();
}

static void roomlist_progress(PurpleRoomlist *list, gboolean busy)
{
	(void)list;
	emit_begin("roomlist-progress");
	emit_str("in_progress", busy ? "true" : "false");
	emit_end();
}

static PurpleRoomlistUiOps roomlist_ops = {
	.add_room = roomlist_add,
	.in_progress = roomlist_progress,
};

/* ---- notify dialogs (sipe reports join/list errors this way) ---- */

static void *notify_message(PurpleNotifyMsgType type, const char *title,
			    const char *primary, const char *secondary)
{
	static const char *types[] = { "error", "warning", "info" };
	emit_begin("notify");
	emit_str("type", (unsigned)type < 3 ? types[type] : "other");
	emit_str("title", title);
	emit_str("primary", primary);
	emit_str("secondary", secondary);
	emit_end();
	return NULL;
}

static PurpleNotifyUiOps notify_ops = { .notify_message = notify_message };

/* ---- debug log: printed only with -d, but always watched ---- */

/* COMPAT(pidgin-sipe): sipe tells libpurple nothing when its group chat
 * session comes up (the second INVITE, to the chat server URI, succeeds);
 * its debug log is the only witness. Until then "rooms" returns an empty
 * list, so tests wait for this event instead of sleeping. The text is the
 * one sipe 1.25.0 logs in sipe_groupchat_invite_response(). */
#define GROUPCHAT_UP "connection to group chat server established"

static void debug_print(PurpleDebugLevel level, const char *category, const char *text)
{
	if (category && !strcmp(category, "sipe") && text && strstr(text, GROUPCHAT_UP)) {
		emit_begin("groupchat-ready");
		emit_end();
	}
	if (debug_enabled)
		fprintf(stderr, "%d %s: %s%s", level, category ? category : "-", text,
			text && *text && text[strlen(text) - 1] == '\n' ? "" : "\n");
}

static gboolean debug_is_enabled(PurpleDebugLevel level, const char *category)
{
	(void)level;
	/* Without -d only sipe's own messages are formatted, for GROUPCHAT_UP. */
	return debug_enabled || (category && !strcmp(category, "sipe"));
}

static PurpleDebugUiOps debug_ops = { .print = debug_print, .is_enabled = debug_is_enabled };

void ui_install(gboolean debug)
{
	debug_enabled = debug;
	purple_debug_set_enabled(FALSE); /* never echo to libpurple's own stdout printer */
	/* sipe writes whole SIP messages to the log only in "unsafe" mode. */
	purple_debug_set_unsafe(debug);
	/* sipe logs nothing unless debug is enabled or verbose; verbose only
	 * changes what prpls log, and debug_is_enabled() still filters it. */
	purple_debug_set_verbose(TRUE);
	purple_debug_set_ui_ops(&debug_ops);
	purple_conversations_set_ui_ops(&conv_ops);
	purple_roomlist_set_ui_ops(&roomlist_ops);
	purple_notify_set_ui_ops(&notify_ops);
}

void ui_connect_signals(void)
{
	void *conns = purple_connections_get_handle();
	void *convs = purple_conversations_get_handle();

	purple_signal_connect(conns, "signed-on", &signal_handle, PURPLE_CALLBACK(on_signed_on), NULL);
	purple_signal_connect(conns, "signed-off", &signal_handle, PURPLE_CALLBACK(on_signed_off), NULL);
	purple_signal_connect(conns, "connection-error", &signal_handle, PURPLE_CALLBACK(on_connection_error), NULL);
	purple_signal_connect(convs, "chat-joined", &signal_handle, PURPLE_CALLBACK(on_chat_joined), NULL);
	purple_signal_connect(convs, "chat-left", &signal_handle, PURPLE_CALLBACK(on_chat_left), NULL);
	purple_signal_connect(convs, "deleting-conversation", &signal_handle, PURPLE_CALLBACK(on_conv_deleting), NULL);
	purple_signal_connect(convs, "chat-topic-changed", &signal_handle, PURPLE_CALLBACK(on_topic), NULL);
	purple_signal_connect(convs, "chat-buddy-joined", &signal_handle, PURPLE_CALLBACK(on_user_joined), NULL);
	purple_signal_connect(convs, "chat-buddy-flags", &signal_handle, PURPLE_CALLBACK(on_user_flags), NULL);
	purple_signal_connect(convs, "chat-buddy-left", &signal_handle, PURPLE_CALLBACK(on_user_left), NULL);
}
