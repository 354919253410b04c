/*
 * Buddy list and own status commands (docs/presence.md): what a pidgin-sipe
 * user does with contacts and presence, for the presence interop test.
 *
 *   buddy-add <sip:uri> <group>   add a buddy to a group (created if new);
 *                                 sipe sends addGroup (new group) and setContact
 *   buddy-remove <sip:uri>        remove the buddy from every group (deleteContact)
 *   buddies                       one "buddy" event per buddy (uri, group, status,
 *                                 online, text = what the buddy list shows under
 *                                 the name: the note or the activity), then
 *                                 "buddies-end" with the count
 *   status <available|away|busy|<status id>> [note]
 *                                 set one's own status and note (sipe publishes
 *                                 state and note categories)
 */
#include <string.h>
#include "harness.h"

static PurpleGroup *group_named(const char *name)
{
	PurpleGroup *g = purple_find_group(name);
	if (!g) {
		g = purple_group_new(name);
		purple_blist_add_group(g, NULL);
	}
	return g;
}

gboolean buddies_add(PurpleAccount *account, const char *arg, const char **err)
{
	const char *sp = strchr(arg, ' ');
	gchar *uri;
	PurpleBuddy *b;

	if (!g_str_has_prefix(arg, "sip:") || !sp || !sp[1]) {
		*err = "usage: buddy-add <sip:uri> <group>";
		return FALSE;
	}
	uri = g_ascii_strdown(arg, sp - arg);
	if (purple_find_buddy(account, uri)) {
		g_free(uri);
		*err = "already a buddy";
		return FALSE;
	}
	b = purple_buddy_new(account, uri, NULL);
	purple_blist_add_buddy(b, NULL, group_named(sp + 1), NULL);
	purple_account_add_buddy(account, b);
	g_free(uri);
	return TRUE;
}

gboolean buddies_remove(PurpleAccount *account, const char *arg, const char **err)
{
	GSList *all = purple_find_buddies(account, arg), *l;

	if (!all) {
		*err = "not a buddy";
		return FALSE;
	}
	for (l = all; l; l = l->next) {
		PurpleBuddy *b = l->data;
		purple_account_remove_buddy(account, b, purple_buddy_get_group(b));
		purple_blist_remove_buddy(b);
	}
	g_slist_free(all);
	return TRUE;
}

void buddies_list(PurpleAccount *account)
{
	GSList *all = purple_find_buddies(account, NULL), *l;
	PurplePlugin *prpl = purple_find_prpl(purple_account_get_protocol_id(account));
	PurplePluginProtocolInfo *info = prpl ? PURPLE_PLUGIN_PROTOCOL_INFO(prpl) : NULL;
	long n = 0;

	for (l = all; l; l = l->next, n++) {
		PurpleBuddy *b = l->data;
		PurplePresence *p = purple_buddy_get_presence(b);
		PurpleStatus *s = purple_presence_get_active_status(p);
		gchar *text = info && info->status_text ? info->status_text(b) : NULL;

		emit_begin("buddy");
		emit_str("uri", purple_buddy_get_name(b));
		emit_str("group", purple_group_get_name(purple_buddy_get_group(b)));
		emit_str("status", s ? purple_status_get_id(s) : "");
		emit_int("online", purple_presence_is_online(p) ? 1 : 0);
		emit_str("text", text ? text : "");
		emit_end();
		g_free(text);
	}
	g_slist_free(all);
	emit_begin("buddies-end");
	emit_int("count", n);
	emit_end();
}

gboolean buddies_status(PurpleAccount *account, const char *arg, const char **err)
{
	const char *sp = strchr(arg, ' ');
	gchar *word = sp ? g_strndup(arg, sp - arg) : g_strdup(arg);
	const char *note = sp ? sp + 1 : NULL;
	PurpleStatusType *t = purple_account_get_status_type(account, word);

	if (!t) {
		PurpleStatusPrimitive prim = PURPLE_STATUS_UNSET;
		if (!strcmp(word, "available"))
			prim = PURPLE_STATUS_AVAILABLE;
		else if (!strcmp(word, "away"))
			prim = PURPLE_STATUS_AWAY;
		else if (!strcmp(word, "busy"))
			prim = PURPLE_STATUS_UNAVAILABLE;
		if (prim != PURPLE_STATUS_UNSET)
			t = purple_account_get_status_type_with_primitive(account, prim);
	}
	g_free(word);
	if (!t) {
		*err = "unknown status (available, away, busy or a status id)";
		return FALSE;
	}
	if (note)
		purple_account_set_status(account, purple_status_type_get_id(t), TRUE, "message", note, NULL);
	else
		purple_account_set_status(account, purple_status_type_get_id(t), TRUE, NULL);
	return TRUE;
}
