/* From crt0 to main: keep the start record, give the main thread its TLS
 * block (picolibc keeps errno and our stdio line buffer there), build argv
 * from the argument strings and environ (for getenv) from the environment
 * strings, run constructors, call main, exit with its value.  Nothing here
 * may touch a thread-local variable before _set_tls. */
#include <picolibc.h>
#include <picotls.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <shale.h>
#include "libc_internal.h"

extern int main(int argc, char **argv);
extern void __libc_init_array(void);

static const struct sh_start *start_info;

const struct sh_start *sh_start_info(void)
{
	return start_info;
}

sh_handle_t sh_self(void)
{
	return start_info->self;
}

/* Counts the NUL-terminated strings in args[0..len), at most max; a last
 * string without its NUL is not counted (the kernel should not send one). */
static uint32_t count_args(const char *args, uint32_t len, uint32_t max)
{
	uint32_t n = 0, i = 0;

	while (n < max && i < len) {
		const char *nul = memchr(args + i, '\0', len - i);

		if (!nul)
			break;
		i = (uint32_t)(nul - args) + 1;
		n++;
	}
	return n;
}

/* Fills argv[0..argc) from args; argv[argc] = NULL. */
static void split_args(const char *args, uint32_t argc, char **argv)
{
	for (uint32_t k = 0; k < argc; k++) {
		argv[k] = (char *)args;
		args += strlen(args) + 1;
	}
	argv[argc] = NULL;
}

_Noreturn void __shale_start(const struct sh_start *st);

_Noreturn void __shale_start(const struct sh_start *st)
{
	static char *no_args[] = {"?", NULL};
	uint32_t argc = 0;
	char **argv = no_args;
	void *tls;

	if (!st || st->magic != SH_START_MAGIC) {
		static const char msg[] = "libc: bad start record, exiting\n";

		sh_debug_write(msg, sizeof(msg) - 1);
		sh_thread_exit(127);
	}
	start_info = st;

	/* The main thread's TLS block lives in this frame, which never
	 * returns. */
	tls = __builtin_alloca(libc_tls_block_size());
	libc_tls_setup(tls);

	if (st->args && st->argc)
		argc = count_args(st->args, st->args_len, st->argc);
	if (argc) {
		argv = __builtin_alloca((argc + 1) * sizeof(char *));
		split_args(st->args, argc, argv);
	} else {
		argc = 1;
	}
	if (st->env && st->envc) {
		uint32_t envc = count_args(st->env, st->env_len, st->envc);
		char **envp = __builtin_alloca((envc + 1) * sizeof(char *));

		split_args(st->env, envc, envp);
		environ = envp;
	}
	__libc_init_array();
	exit(main((int)argc, argv));
}
