/*
 * Entry point: parse options, bring up libpurple with a private home
 * directory, create the one sipe account and run until "quit".
 *
 * usage: sipe-probe -u user@domain -s host:port [-p password] [-t tcp|tls|auto]
 *                   [-a ntlm|krb5|tls-dsk|auto] [-g groupchat_user]
 *                   [-H home] [-P plugin_dir] [-d]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "harness.h"

#define UI_NAME "sipe-probe"

#ifndef SIPE_PLUGIN_DIR
#define SIPE_PLUGIN_DIR "/usr/lib/purple-2"
#endif

struct options {
	const char *user, *password, *server, *transport, *auth, *gc_user, *home, *plugin_dir;
	gboolean debug;
};

static void usage(const char *why)
{
	fprintf(stderr, "sipe-probe: %s\n"
		"usage: sipe-probe -u user@domain -s host:port [-p password] [-t tcp|tls|auto]\n"
		"                  [-a ntlm|krb5|tls-dsk|auto] [-g groupchat_user] [-H home]\n"
		"                  [-P plugin_dir] [-d]\n", why);
	exit(EXIT_USAGE);
}

static void parse(int argc, char **argv, struct options *o)
{
	int c;

	*o = (struct options){
		.password = "unused", .transport = "tcp", .auth = "ntlm",
		.plugin_dir = SIPE_PLUGIN_DIR,
	};
	while ((c = getopt(argc, argv, "u:p:s:t:a:g:H:P:d")) != -1) {
		switch (c) {
		case 'u': o->user = optarg; break;
		case 'p': o->password = optarg; break;
		case 's': o->server = optarg; break;
		case 't': o->transport = optarg; break;
		case 'a': o->auth = optarg; break;
		case 'g': o->gc_user = optarg; break;
		case 'H': o->home = optarg; break;
		case 'P': o->plugin_dir = optarg; break;
		case 'd': o->debug = TRUE; break;
		default: usage("unknown option");
		}
	}
	if (!o->user || !strchr(o->user, '@'))
		usage("-u user@domain is required");
	/* Without a server sipe would try autodiscovery and DNS: never wanted here. */
	if (!o->server)
		usage("-s host:port is required");
	if (!o->home)
		usage("-H <scratch home directory> is required (one per simulated user)");
}

static void setup_failed(const char *what)
{
	emit_begin("setup-failed");
	emit_str("reason", what);
	emit_end();
	exit(EXIT_SETUP);
}

static PurpleAccount *make_account(const struct options *o)
{
	PurpleAccount *a = purple_account_new(o->user, "prpl-sipe");

	purple_account_set_password(a, o->password);
	purple_account_set_remember_password(a, FALSE);
	purple_account_set_string(a, "server", o->server);
	/* COMPAT(pidgin-sipe): with a server set, transport "auto" means TLS,
	 * so tcp is the default here and must be explicit. */
	purple_account_set_string(a, "transport", o->transport);
	purple_account_set_string(a, "authentication", o->auth);
	/* No presence publishing: keeps the SIP flow to what group chat needs. */
	purple_account_set_bool(a, "dont-publish", TRUE);
	if (o->gc_user)
		purple_account_set_string(a, "groupchat_user", o->gc_user);
	purple_accounts_add(a);
	return a;
}

int main(int argc, char **argv)
{
	struct options o;
	GMainLoop *loop;
	PurpleAccount *account;

	parse(argc, argv, &o);
	loop = g_main_loop_new(NULL, FALSE);

	purple_util_set_user_dir(o.home);
	ui_install(o.debug);
	purple_eventloop_set_ui_ops(probe_loop_ops());
	/* Debian installs libsipe.so outside libpurple's multiarch default
	 * plugin directory, so point libpurple at it. */
	purple_plugins_add_search_path(o.plugin_dir);

	if (!purple_core_init(UI_NAME))
		setup_failed("purple_core_init failed");
	purple_set_blist(purple_blist_new());
	purple_prefs_set_bool("/purple/logging/log_chats", FALSE);
	purple_prefs_set_string("/purple/away/idle_reporting", "none");
	if (!purple_find_prpl("prpl-sipe"))
		setup_failed("prpl-sipe not found; is pidgin-sipe installed? (plugin dir " SIPE_PLUGIN_DIR " or -P)");

	ui_connect_signals();
	account = make_account(&o);
	purple_savedstatus_activate(purple_savedstatus_new(NULL, PURPLE_STATUS_AVAILABLE));

	emit_begin("started");
	emit_str("user", o.user);
	emit_str("server", o.server);
	emit_str("transport", o.transport);
	emit_str("auth", o.auth);
	emit_int("pid", (long)getpid());
	emit_end();

	commands_start(account, loop);
	purple_account_set_enabled(account, UI_NAME, TRUE);
	g_main_loop_run(loop);

	purple_core_quit();
	emit_begin("exit");
	emit_int("code", ui_saw_connection_error() ? EXIT_CONN_ERROR : EXIT_CLEAN);
	emit_end();
	return ui_saw_connection_error() ? EXIT_CONN_ERROR : EXIT_CLEAN;
}
