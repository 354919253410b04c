/*
 * stdin command reader. One command per line; every line gets exactly one
 * answer event: "cmd-ok" when it was handed to libpurple, or "cmd-rejected"
 * with a reason. "cmd-ok" only means accepted, not done: results arrive later
 * as their own events (room, chat-joined, chat-msg ...).
 *
 *   rooms                     list rooms (XCCOS cmd:chansrch)
 *   join <ma-chan://...>      join a room
 *   say [<ma-chan://...>] <text>   post; text is plain text, or a quoted
 *                             string with the event escapes (\n, \", ...)
 *   part [<ma-chan://...>]    leave the given or the most recently joined room
 *                             (chat-left follows at once, see cmd_part)
 *   buddy-add, buddy-remove, buddies, status   buddy list and own status (buddies.c)
 *   ping                      no-op, answers cmd-ok (to sync with the reader)
 *   quit                      sign off and exit
 */
#include <string.h>
#include <glib-unix.h>
#include "harness.h"

static PurpleAccount *account;
static GMainLoop *main_loop;
static gboolean quitting;

static void ok(const char *cmd, const char *arg)
{
	emit_begin("cmd-ok");
	emit_str("cmd", cmd);
	emit_str("arg", arg);
	emit_end();
}

static void rejected(const char *cmd, const char *reason)
{
	emit_begin("cmd-rejected");
	emit_str("cmd", cmd);
	emit_str("reason", reason);
	emit_end();
}

static PurpleConnection *online(void)
{
	PurpleConnection *gc = purple_account_get_connection(account);
	return gc && purple_connection_get_state(gc) == PURPLE_CONNECTED ? gc : NULL;
}

static gboolean stop_loop(gpointer d)
{
	(void)d;
	g_main_loop_quit(main_loop);
	return G_SOURCE_REMOVE;
}

void commands_quit(const char *why)
{
	if (quitting)
		return;
	quitting = TRUE;
	emit_begin("quitting");
	emit_str("reason", why);
	emit_end();
	/* Disabling the account makes sipe send BYE, un-SUBSCRIBE and
	 * REGISTER Expires: 0, and emits signed-off. A short pause lets those
	 * writes leave the socket before the process exits. */
	purple_account_set_enabled(account, purple_core_get_ui(), FALSE);
	g_timeout_add(300, stop_loop, NULL);
}

/* Splits an optional leading ma-chan:// URI off an argument. */
static PurpleConversation *pick_room(const char **arg, const char **err)
{
	PurpleConversation *conv;

	if (g_str_has_prefix(*arg, "ma-chan://")) {
		const char *end = strchr(*arg, ' ');
		gchar *uri = end ? g_strndup(*arg, end - *arg) : g_strdup(*arg);
		conv = rooms_find(uri);
		g_free(uri);
		*arg = end ? end + 1 : *arg + strlen(*arg);
		if (!conv)
			*err = "room not joined";
		return conv;
	}
	conv = rooms_current();
	if (!conv)
		*err = "no room joined";
	return conv;
}

static void cmd_rooms(void)
{
	static PurpleRoomlist *list; /* the caller owns one reference */
	PurpleConnection *gc = online();

	if (!gc)
		{ rejected("rooms", "not signed on"); return; }
	if (list)
		purple_roomlist_unref(list);
	list = purple_roomlist_get_list(gc);
	/* COMPAT(pidgin-sipe): without a group chat session sipe returns no
	 * list, or ends it at once before any request goes out; with one, the
	 * list stays in progress until rpl:chansrch. */
	if (!list || !purple_roomlist_get_in_progress(list))
		rejected("rooms", "group chat not connected yet (wait for groupchat-ready)");
	else
		ok("rooms", "");
}

static void cmd_join(const char *arg)
{
	PurpleConnection *gc = online();
	GHashTable *components;

	if (!gc)
		{ rejected("join", "not signed on"); return; }
	/* COMPAT(pidgin-sipe): sipe silently ignores anything that is not a ma-chan:// URI. */
	if (!g_str_has_prefix(arg, "ma-chan://"))
		{ rejected("join", "expected ma-chan:// URI"); return; }
	components = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	g_hash_table_insert(components, g_strdup("uri"), g_strdup(arg));
	rooms_expect(arg);
	serv_join_chat(gc, components);
	g_hash_table_destroy(components);
	ok("join", arg);
}

static void cmd_say(const char *arg)
{
	const char *err = NULL;
	PurpleConversation *conv;
	gchar *text, *html;

	if (!online())
		{ rejected("say", "not signed on"); return; }
	conv = pick_room(&arg, &err);
	if (!conv)
		{ rejected("say", err); return; }
	text = *arg == '"' ? unquote(arg, NULL) : g_strdup(arg);
	if (!text)
		{ rejected("say", "bad quoted text"); return; }
	/* libpurple treats outgoing chat text as HTML (sipe strips tags and
	 * decodes entities before sending), so escape it: what the test types
	 * is exactly what goes on the wire. */
	html = g_markup_escape_text(text, -1);
	{
		/* Line breaks are markup too: HTML newlines are just spaces. */
		gchar **lines = g_strsplit(html, "\n", -1);
		g_free(html);
		html = g_strjoinv("<br>", lines);
		g_strfreev(lines);
	}
	purple_conv_chat_send(PURPLE_CONV_CHAT(conv), html);
	ok("say", text);
	g_free(html);
	g_free(text);
}

static void cmd_part(const char *arg)
{
	const char *err = NULL;
	PurpleConversation *conv;
	gchar *uri;

	if (!online())
		{ rejected("part", "not signed on"); return; }
	conv = pick_room(&arg, &err);
	if (!conv)
		{ rejected("part", err); return; }
	uri = g_strdup(rooms_uri_of(conv));
	/* COMPAT(pidgin-sipe): sipe handles rpl:part silently and never tells
	 * libpurple, so closing the window is the only way to get chat-left.
	 * libpurple then sends the leave (sipe: cmd:part) and emits chat-left
	 * itself, i.e. chat-left means "client left", not "server confirmed". */
	purple_conversation_destroy(conv);
	ok("part", uri);
	g_free(uri);
}

/* Buddy and status commands: need a signed-on account; answers like every command. */
static void buddy_cmd(const char *cmd, const char *arg)
{
	const char *err = NULL;
	gboolean done;

	if (!online())
		{ rejected(cmd, "not signed on"); return; }
	if (!strcmp(cmd, "buddies")) {
		ok(cmd, arg);
		buddies_list(account);
		return;
	}
	if (!strcmp(cmd, "buddy-add"))
		done = buddies_add(account, arg, &err);
	else if (!strcmp(cmd, "buddy-remove"))
		done = buddies_remove(account, arg, &err);
	else
		done = buddies_status(account, arg, &err);
	if (done)
		ok(cmd, arg);
	else
		rejected(cmd, err);
}

static void dispatch(gchar *line)
{
	gchar *arg = strchr(line, ' ');
	if (arg)
		*arg++ = '\0';
	else
		arg = line + strlen(line);
	while (*arg == ' ')
		arg++;

	if (quitting)
		rejected(line, "quitting");
	else if (!strcmp(line, "rooms"))
		cmd_rooms();
	else if (!strcmp(line, "join"))
		cmd_join(arg);
	else if (!strcmp(line, "say"))
		cmd_say(arg);
	else if (!strcmp(line, "part"))
		cmd_part(arg);
	else if (!strcmp(line, "buddy-add") || !strcmp(line, "buddy-remove") ||
		 !strcmp(line, "buddies") || !strcmp(line, "status"))
		buddy_cmd(line, arg);
	else if (!strcmp(line, "ping"))
		ok("ping", arg);
	else if (!strcmp(line, "quit")) {
		ok("quit", "");
		commands_quit("command");
	} else
		rejected(line, "unknown command");
}

static gboolean on_stdin(GIOChannel *ch, GIOCondition cond, gpointer d)
{
	(void)cond; (void)d;
	do {
		gchar *line = NULL;
		GIOStatus st = g_io_channel_read_line(ch, &line, NULL, NULL, NULL);

		if (st == G_IO_STATUS_EOF || st == G_IO_STATUS_ERROR) {
			g_free(line);
			commands_quit("stdin-closed");
			return G_SOURCE_REMOVE;
		}
		if (st == G_IO_STATUS_AGAIN || !line)
			break;
		g_strchomp(line);
		if (*line)
			dispatch(line);
		g_free(line);
	} while (g_io_channel_get_buffer_condition(ch) & G_IO_IN);
	return G_SOURCE_CONTINUE;
}

static gboolean on_signal(gpointer d)
{
	(void)d;
	commands_quit("signal");
	return G_SOURCE_CONTINUE;
}

void commands_start(PurpleAccount *acct, GMainLoop *loop)
{
	GIOChannel *in = g_io_channel_unix_new(0);

	account = acct;
	main_loop = loop;
	g_io_channel_set_encoding(in, NULL, NULL); /* bytes in, bytes out */
	g_io_add_watch(in, G_IO_IN | G_IO_HUP | G_IO_ERR, on_stdin, NULL);
	g_unix_signal_add(SIGTERM, on_signal, NULL);
	g_unix_signal_add(SIGINT, on_signal, NULL);
}
