/* The root silo (see silo.h). */
#include "silo.h"

#include "machine.h"

static struct silo root;
static const struct machine *mach;

static void root_destroy(struct kobj *o, struct kobj_reap *r)
{
	(void)o;
	(void)r;	/* the root silo lives as long as the kernel */
}

static const struct kobj_ops root_ops = { .destroy = root_destroy };

void silo_root_init(const struct machine *m)
{
	mach = m;
	quota_init(&root.quota, NULL, NULL);
	kobj_init(&root.obj, SH_OBJ_SILO, &root_ops, NULL, 0);
	root.root = 1;
}

struct silo *silo_root(void)
{
	return &root;
}

static int inside(uint64_t pa, uint64_t size, uint64_t base, uint64_t len)
{
	return size && pa >= base && pa - base < len && size <= len - (pa - base);
}

int silo_device_range_ok(uint64_t pa, uint64_t size)
{
	int i;

	if (!mach)
		return 0;
	if (inside(pa, size, mach->uart.base & ~0xfffULL, 0x1000))
		return 1;
	for (i = 0; i < mach->nvirtio; i++)
		if (inside(pa, size, mach->virtio[i].base & ~0xfffULL, 0x1000))
			return 1;
	return 0;
}
