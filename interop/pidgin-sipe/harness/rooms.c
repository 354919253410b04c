/*
 * sipe names a chat window after the room's display name ("Room One"), not
 * its ma-chan:// URI, and keeps the URI in a private struct. Tests address
 * rooms by URI, so the harness remembers the URI of each join it requested
 * and binds it to the next window that opens. Windows opened without a
 * request (server-driven rejoin) get an empty uri.
 */
#include <string.h>
#include "harness.h"

#define URI_KEY "sipe-probe-uri"

static GQueue pending = G_QUEUE_INIT;    /* URIs joined but not yet opened */
static GList *open_rooms;                /* PurpleConversation*, newest first */

void rooms_expect(const char *uri)
{
	g_queue_push_tail(&pending, g_strdup(uri));
}

void rooms_bind(PurpleConversation *conv)
{
	gchar *uri;

	/* A chat-joined for a window we already know is a rejoin: keep its URI. */
	if (g_list_find(open_rooms, conv)) {
		open_rooms = g_list_remove(open_rooms, conv);
		open_rooms = g_list_prepend(open_rooms, conv);
		return;
	}
	uri = g_queue_pop_head(&pending);
	purple_conversation_set_data(conv, URI_KEY, uri); /* freed in rooms_forget */
	open_rooms = g_list_prepend(open_rooms, conv);
}

const char *rooms_uri_of(PurpleConversation *conv)
{
	const char *uri = conv ? purple_conversation_get_data(conv, URI_KEY) : NULL;
	return uri ? uri : "";
}

void rooms_forget(PurpleConversation *conv)
{
	if (!g_list_find(open_rooms, conv))
		return;
	open_rooms = g_list_remove(open_rooms, conv);
	g_free(purple_conversation_get_data(conv, URI_KEY));
	purple_conversation_set_data(conv, URI_KEY, NULL);
}

PurpleConversation *rooms_find(const char *uri)
{
	for (GList *l = open_rooms; l; l = l->next)
		if (!strcmp(rooms_uri_of(l->data), uri))
			return l->data;
	return NULL;
}

PurpleConversation *rooms_current(void)
{
	return open_rooms ? open_rooms->data : NULL;
}
