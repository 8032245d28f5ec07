/* sysd's files: each maker fills a growing text with its snapshot. */
#ifndef SYSD_H
#define SYSD_H

#include <stdarg.h>
#include <stddef.h>

#include <shale.h>

struct sysd_text {
	char *buf;	/* malloc'd; NULL after a failed growth */
	size_t len, cap;
};

void sysd_printf(struct sysd_text *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
sh_handle_t sysd_silod(void);
sh_handle_t sysd_root(void);

/* Each returns 0 or -SH_E*. */
int sysd_make_silos(struct sysd_text *t);
int sysd_make_procs(struct sysd_text *t);
int sysd_make_mem(struct sysd_text *t);
int sysd_make_uptime(struct sysd_text *t);
int sysd_make_schemes(struct sysd_text *t);
int sysd_make_klog(struct sysd_text *t);

#endif
