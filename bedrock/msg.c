/* Message bounds (see msg.h). */
#include "msg.h"

#include <shale/errors.h>

int msg_check_send(const struct sh_msg *m)
{
	if (m->len > SH_MSG_MAX || m->nhandles > SH_MSG_HANDLES)
		return -SH_EINVAL;
	return 0;
}

uint32_t msg_recv_room(uint32_t cap)
{
	return cap > SH_MSG_MAX ? SH_MSG_MAX : cap;
}

int msg_fits(uint64_t len, uint32_t room)
{
	return len <= room;
}
