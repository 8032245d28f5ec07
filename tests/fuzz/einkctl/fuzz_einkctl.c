/* libFuzzer target for eink:ctl's command parser (strates/einkd/ctl.c),
 * fed whatever a client writes, and the panel model that runs what it
 * accepts (strates/einkd/panel.c, with a display that checks each frame).
 *
 * Beyond "no crash": an accepted command is a known one, and a partial
 * refresh's rectangle is non-empty and inside the panel (the model would
 * otherwise index past its framebuffer); a refusal is -SH_EINVAL with a
 * reason.  Accepted commands then run on the model, whose counters only
 * grow. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <shale/errors.h>
#include "eink_core.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static int show(void *ctx, const uint8_t *frame, const struct eink_rect *r)
{
	(void)ctx;
	CHECK(frame != NULL);
	CHECK(r->w > 0 && r->h > 0 && r->x + r->w <= EINK_W &&
	      r->y + r->h <= EINK_H);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct panel p;
	static int ready;
	char why[EINK_WHY_MAX];
	struct eink_cmd c;
	uint64_t full, partial;
	int r;

	if (!ready) {
		panel_init(&p, show, NULL);
		ready = 1;
	}
	r = eink_ctl_parse((const char *)data, size, &c, why);
	CHECK(memchr(why, '\0', sizeof(why)) != NULL);
	if (r < 0) {
		CHECK(r == -SH_EINVAL && why[0] != '\0');
		return 0;
	}
	CHECK(c.op >= EINK_OP_REFRESH_FULL && c.op <= EINK_OP_WAKE);
	if (c.op == EINK_OP_REFRESH_PARTIAL)
		CHECK(c.r.w > 0 && c.r.h > 0 && c.r.x + c.r.w <= EINK_W &&
		      c.r.y + c.r.h <= EINK_H);
	full = p.full;
	partial = p.partial;
	r = panel_run(&p, &c, why);
	CHECK(r == 0 || r == -SH_EBUSY);
	CHECK(p.full >= full && p.partial >= partial);
	return 0;
}
