/* The e-ink panel model: what einkd promises about the glass, whatever
 * shows it.  An e-paper controller holds an image in its memory (fb) and
 * changes the glass only when told to refresh: a full refresh drives every
 * pixel black, then white, then to the image (the flash that clears
 * ghosting), a partial refresh drives one rectangle straight to the image.
 * Each refresh wears the panel, so both are counted, and so are the frames
 * sent to the glass.  In deep sleep the controller takes no commands:
 * every drawing call is refused until wake, and wake refreshes fully.
 *
 * The flash is simulated as frames sent to the display (show), not as
 * delays: under QEMU the glass is a virtio-gpu scanout. */
#include <string.h>

#include <shale/errors.h>

#include "eink_core.h"

static const struct eink_rect whole = { 0, 0, EINK_W, EINK_H };

void panel_init(struct panel *p, panel_show_fn show, void *ctx)
{
	memset(p->fb, 0, sizeof(p->fb));
	p->state = PANEL_AWAKE;
	p->full = p->partial = p->frames = 0;
	p->show = show;
	p->ctx = ctx;
}

static int frame(struct panel *p, const uint8_t *img, const struct eink_rect *r)
{
	int e = p->show ? p->show(p->ctx, img, r) : 0;

	if (e == 0)
		p->frames++;
	return e;
}

int panel_refresh_full(struct panel *p)
{
	int e;

	if (p->state == PANEL_ASLEEP)
		return -SH_EBUSY;
	memset(p->flash, 0xff, sizeof(p->flash));
	e = frame(p, p->flash, &whole);
	if (e == 0) {
		memset(p->flash, 0, sizeof(p->flash));
		e = frame(p, p->flash, &whole);
	}
	if (e == 0)
		e = frame(p, p->fb, &whole);
	if (e == 0)
		p->full++;
	return e;
}

int panel_refresh_partial(struct panel *p, const struct eink_rect *r)
{
	int e;

	if (p->state == PANEL_ASLEEP)
		return -SH_EBUSY;
	if (r->w == 0 || r->h == 0 || r->x >= EINK_W || r->y >= EINK_H ||
	    r->w > EINK_W - r->x || r->h > EINK_H - r->y)
		return -SH_EINVAL;
	e = frame(p, p->fb, r);
	if (e == 0)
		p->partial++;
	return e;
}

int panel_clear(struct panel *p)
{
	if (p->state == PANEL_ASLEEP)
		return -SH_EBUSY;
	memset(p->fb, 0, sizeof(p->fb));
	return panel_refresh_full(p);
}

int panel_sleep(struct panel *p)
{
	p->state = PANEL_ASLEEP;
	return 0;
}

int panel_wake(struct panel *p)
{
	if (p->state == PANEL_AWAKE)
		return 0;
	p->state = PANEL_AWAKE;
	return panel_refresh_full(p);
}

int panel_run(struct panel *p, const struct eink_cmd *c, char *why)
{
	int e;

	why[0] = '\0';
	switch (c->op) {
	case EINK_OP_REFRESH_FULL:
		e = panel_refresh_full(p);
		break;
	case EINK_OP_REFRESH_PARTIAL:
		e = panel_refresh_partial(p, &c->r);
		break;
	case EINK_OP_CLEAR:
		e = panel_clear(p);
		break;
	case EINK_OP_SLEEP:
		return panel_sleep(p);
	case EINK_OP_WAKE:
		e = panel_wake(p);
		break;
	default:
		return -SH_EINVAL;
	}
	if (e == -SH_EBUSY)
		strcpy(why, "the panel is asleep: 'wake' it first (eink wake)");
	else if (e == -SH_EINVAL)
		strcpy(why, "the rectangle is not inside the panel");
	else if (e < 0)
		strcpy(why, "the display did not take the frame");
	return e;
}
