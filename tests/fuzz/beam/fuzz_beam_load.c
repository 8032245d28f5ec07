/* libFuzzer target for the BEAM loader: every input is offered to
 * module_load(); a module that loads is purged again so the next input
 * starts from the same state.  Nothing is executed. */
#include "beam.h"
#include "host.h"
#include <stdlib.h>

void beam_init(void);

/* The loader needs no host services while fuzzing; these keep the link
 * complete without touching files or clocks. */
int host_read_file(const char *path, uint8_t **data, size_t *len)
{
	(void)path; (void)data; (void)len;
	return -1;
}
int64_t host_monotonic_us(void) { return 0; }
int64_t host_system_us(void) { return 0; }
bool host_idle(int64_t ms) { (void)ms; return false; }
void host_write_out(const void *s, size_t n) { (void)s; (void)n; }
void host_write_err(const void *s, size_t n) { (void)s; (void)n; }
void host_exit(int status) { exit(status); }
const char *host_getenv(const char *name) { (void)name; return NULL; }
int host_setenv(const char *name, const char *value)
{
	(void)name; (void)value;
	return -1;
}
char *const *host_environ(void) { return NULL; }
int host_shell_take(uint8_t *buf, size_t cap, size_t *len)
{ (void)buf; (void)cap; *len = 0; return SHELL_EV_NONE; }
bool host_shell_pending(void) { return false; }
int host_shell_put(int kind, const void *data, size_t len)
{ (void)kind; (void)data; (void)len; return -1; }
int host_silo_list(struct host_silo *out, int cap)
{ (void)out; (void)cap; return -1; }
int64_t host_silo_ctl(int op, const char *what, char *msg, size_t msgcap)
{ (void)op; (void)what; if (msgcap) msg[0] = 0; return -1; }
int host_silo_watch(void) { return -1; }
bool host_silo_pending(void) { return false; }
bool host_silo_take(struct host_silo_event *ev) { (void)ev; return false; }
bool host_run_async(void (*fn)(void *), void *arg) { (void)fn; (void)arg; return false; }
void host_wake(void) { }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	beam_init();
	char err[256];
	struct module *m;
	if (module_load(data, size, err, sizeof err, &m) == 0)
		module_purge(m);
	return 0;
}
