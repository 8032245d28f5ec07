/* The shale-beam command line, shared by every platform:
 *   shale-beam [-pa DIR]... -run MODULE FUNCTION [ARG...]
 * loads modules on demand from the -pa directories, then the runtime's own
 * preloaded modules, then OTP's stdlib and compiler; calls MODULE:FUNCTION() (or with
 * the arguments as a list of strings, as erl -run does) in a fresh process
 * and prints the result as io:format("~w~n") would.  An uncaught exception
 * prints "** exception CLASS: REASON" and the status is 1. */
#include "beam.h"
#include "host.h"
#include <stdarg.h>
#include <stdlib.h>

void beam_log(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof buf - 1)
		n = (int)sizeof buf - 1;
	host_write_err(buf, (size_t)n);
}

static int usage(void)
{
	beam_log("usage: shale-beam [-pa DIR]... [-sname NAME [-setcookie C]]"
		 " -run MODULE FUNCTION [ARG...]\n"
		 "       shale-beam -check FILE.beam...\n"
		 "       shale-beam -bifs\n");
	return 2;
}

/* -check: load each file and report; runs nothing.  Status 0 if all
 * loaded, 1 if any was rejected (the message names module and offset). */
static int check_files(int argc, char **argv, int first)
{
	int bad = 0;
	for (int i = first; i < argc; i++) {
		uint8_t *data;
		size_t len;
		if (host_read_file(argv[i], &data, &len) != 0) {
			beam_log("%s: cannot read\n", argv[i]);
			bad = 1;
			continue;
		}
		char err[256];
		struct module *m;
		int r = module_load(data, len, err, sizeof err, &m);
		free(data);
		if (r != 0) {
			beam_log("%s: %s\n", argv[i], err);
			bad = 1;
		} else {
			module_purge(m);
			host_write_out("ok\n", 3);
		}
	}
	return bad;
}

/* Initialises the runtime: atoms, interpreter tables, BIFs. */
void beam_init(void)
{
	static bool done;
	if (done)
		return;
	done = true;
	atom_init();
	bif_register_all();
	interp_init();
}

int beam_main(int argc, char **argv, const char *const *default_paths)
{
	const char *mod = NULL, *fun = NULL, *sname = NULL, *cookie = "";
	int argi = argc;
	beam_init();
	if (argc > 2 && strcmp(argv[1], "-check") == 0)
		return check_files(argc, argv, 2);
	if (argc == 2 && strcmp(argv[1], "-bifs") == 0) {
		bif_print_table();
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-pa") == 0 && i + 1 < argc) {
			code_add_path(argv[++i]);
		} else if (strcmp(argv[i], "-sname") == 0 && i + 1 < argc) {
			sname = argv[++i];
		} else if (strcmp(argv[i], "-setcookie") == 0 && i + 1 < argc) {
			cookie = argv[++i];
		} else if (strcmp(argv[i], "-run") == 0 && i + 2 < argc) {
			mod = argv[i + 1];
			fun = argv[i + 2];
			argi = i + 3;
			break;
		} else {
			return usage();
		}
	}
	if (!mod)
		return usage();
	for (int i = 0; default_paths && default_paths[i]; i++)
		code_add_path(default_paths[i]);
	term m = atom_intern(mod, strlen(mod)), f = atom_intern(fun, strlen(fun));
	struct proc *boot = proc_new();
	boot->cap = cap_root();	/* every process descends from it */
	term args = NIL;
	if (argi < argc) {
		term strs = NIL;
		for (int i = argc; i-- > argi;)
			strs = cons(boot, make_string(boot, argv[i], strlen(argv[i])), strs);
		args = cons(boot, strs, NIL);
	}
	term result;
	int cls;
	/* kernel_sup first, as erl's kernel application is up before -run */
	struct proc *kernel = spawn_call(boot, ATOM(shale_kernel), ATOM(start),
					 NIL, false, NULL);
	sched_run(kernel, &result, &cls);
	if (cls != 0) {
		struct strbuf b = { 0 };
		print_term(&b, kernel->fclass ? kernel->freason : kernel->exit_reason);
		beam_log("shale-beam: shale_kernel:start() failed: %.*s\n",
			 (int)(b.len > 400 ? 400 : b.len), b.s ? b.s : "");
		free(b.s);
		return 2;
	}
	/* the program's group leader is the `user` I/O server, as in erl */
	boot->group_leader = kernel->group_leader;
	if (sname) {
		/* distributed before -run, as erl -sname (lib/shale_dist.erl) */
		term da = cons(boot, make_string(boot, sname, strlen(sname)),
			       cons(boot, make_string(boot, cookie, strlen(cookie)), NIL));
		struct proc *d = spawn_call(boot, atom_intern("shale_dist", 10),
					    atom_intern("start_cli", 9), da, false, NULL);
		sched_run(d, &result, &cls);
		if (cls != 0) {
			beam_log("shale-beam: -sname %s: distribution did not start\n",
				 sname);
			return 2;
		}
	}
	struct proc *main = spawn_call(boot, m, f, args, false, NULL);
	proc_exit(boot, ATOM(normal));
	sched_run(main, &result, &cls);
	struct strbuf b = { 0 };
	int status = 0;
	if (cls < 0) {
		beam_log("shale-beam: the main process waits forever (deadlock)\n");
		return 2;
	}
	if (cls == 0) {
		print_term(&b, result);
	} else {
		int c = main->fclass ? main->fclass : EXC_EXIT;
		term reason = main->fclass ? main->freason : main->exit_reason;
		sb_puts(&b, "** exception ", 13);
		print_atom(&b, c == EXC_THROW ? ATOM(throw) : c == EXC_EXIT ? ATOM(exit)
								   : ATOM(error));
		sb_puts(&b, ": ", 2);
		print_term(&b, reason);
		status = 1;
		if (main->fstack != NONV && (is_list(main->fstack) || main->fstack == NIL)) {
			struct strbuf st = { 0 };
			sb_puts(&st, "** stacktrace: ", 15);
			print_term(&st, main->fstack);
			sb_putc(&st, '\n');
			host_write_err(st.s, st.len);
			free(st.s);
		}
	}
	sb_putc(&b, '\n');
	host_write_out(b.s, b.len);
	free(b.s);
	return status;
}
