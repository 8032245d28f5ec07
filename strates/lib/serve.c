/* The loop every strate runs: scheme_serve's, with silod's SHUTDOWN (badge
 * 0) in front of it and a hook for the strate's own message tags. */
#include <string.h>

#include <shale.h>
#include <shale/silo_ctl.h>
#include <shale/strate.h>

int strate_serve(struct scheme_server *s, strate_hook hook, void *arg)
{
	struct sh_msg in, out;
	long rcvid;

	for (;;) {
		memset(&in, 0, sizeof(in));
		in.buf = s->rbuf;
		in.cap = s->rcap;
		rcvid = sh_ipc_recv(s->ep, &in);
		if (rcvid == -SH_EBADH || rcvid == -SH_EDEAD)
			return (int)rcvid;	/* the endpoint is gone */
		if (rcvid < 0)
			continue;		/* a bad buffer, a busy reply table */
		if (rcvid > 0 && in.tag == SILO_CTL_SHUTDOWN && in.badge == 0) {
			/* The strate's last word before the answer (blkd
			 * flushes, fsd writes back); whatever it returns,
			 * SHUTDOWN is answered here. */
			if (hook)
				hook((uint64_t)rcvid, &in, arg);
			memset(&out, 0, sizeof(out));
			sh_ipc_reply(rcvid, &out);
			return 0;
		}
		if (hook && hook((uint64_t)rcvid, &in, arg))
			continue;
		memset(&out, 0, sizeof(out));
		if (scheme_dispatch(s, (uint64_t)rcvid, &in, &out))
			sh_ipc_reply(rcvid, &out);
	}
}
