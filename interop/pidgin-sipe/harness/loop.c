/*
 * libpurple has no main loop of its own; it asks the UI for timers and fd
 * watches. GLib provides both, so this is a thin mapping onto
 * g_timeout_add* and g_unix_fd_add.
 */
#include <errno.h>
#include <sys/socket.h>
#include <glib-unix.h>
#include "harness.h"

struct fd_watch {
	PurpleInputFunction cb;
	gpointer data;
};

static gboolean fd_ready(gint fd, GIOCondition cond, gpointer user)
{
	struct fd_watch *w = user;
	int pc = 0;

	/* Errors and hangups are reported as readable/writable so that the
	 * prpl's own read()/write() call sees the failure and reports it. */
	if (cond & (G_IO_IN | G_IO_PRI | G_IO_HUP | G_IO_ERR))
		pc |= PURPLE_INPUT_READ;
	if (cond & (G_IO_OUT | G_IO_HUP | G_IO_ERR))
		pc |= PURPLE_INPUT_WRITE;
	w->cb(w->data, fd, (PurpleInputCondition)pc);
	return G_SOURCE_CONTINUE;
}

static guint input_add(int fd, PurpleInputCondition cond, PurpleInputFunction cb, gpointer data)
{
	struct fd_watch *w = g_new0(struct fd_watch, 1);
	GIOCondition gc = 0;

	w->cb = cb;
	w->data = data;
	if (cond & PURPLE_INPUT_READ)
		gc |= G_IO_IN | G_IO_PRI | G_IO_HUP | G_IO_ERR;
	if (cond & PURPLE_INPUT_WRITE)
		gc |= G_IO_OUT | G_IO_HUP | G_IO_ERR;
	return g_unix_fd_add_full(G_PRIORITY_DEFAULT, fd, gc, fd_ready, w, g_free);
}

static int input_get_error(int fd, int *error)
{
	socklen_t len = sizeof(*error);
	return getsockopt(fd, SOL_SOCKET, SO_ERROR, error, &len);
}

static PurpleEventLoopUiOps ops = {
	.timeout_add = g_timeout_add,
	.timeout_remove = g_source_remove,
	.input_add = input_add,
	.input_remove = g_source_remove,
	.input_get_error = input_get_error,
	.timeout_add_seconds = g_timeout_add_seconds,
};

PurpleEventLoopUiOps *probe_loop_ops(void)
{
	return &ops;
}
