/* Restart decisions (see policy.h): OTP's restart types and intensity. */
#include "policy.h"

int policy_should_restart(enum manifest_restart r, int abnormal)
{
	return r == MANIFEST_PERMANENT || (r == MANIFEST_TRANSIENT && abnormal);
}

int policy_intensity_take(struct restart_window *w, uint64_t now,
			  uint64_t period_ns, uint32_t max)
{
	while (w->count) {
		uint32_t oldest = (w->head + POLICY_WINDOW - w->count) %
				  POLICY_WINDOW;

		if (now - w->times[oldest] < period_ns)
			break;
		w->count--;
	}
	/* The ring holds up to POLICY_WINDOW times: a larger max is cut. */
	if (w->count >= max || w->count >= POLICY_WINDOW)
		return -1;
	w->times[w->head] = now;
	w->head = (w->head + 1) % POLICY_WINDOW;
	w->count++;
	return 0;
}
