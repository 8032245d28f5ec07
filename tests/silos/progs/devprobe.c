/* devprobe: checks the device silod granted it (uses = dev:virtio-rng):
 * an SH_DEV entry with a frame and an interrupt, registers that read as a
 * virtio-mmio entropy device (DeviceID 4).  Exits 0 if so, else 1 with a line saying
 * what was wrong (silotest reads the exit code from silod's events). */
#include <stdio.h>

#include <shale.h>
#include <shale/strate.h>

int main(void)
{
	struct strate_dev d;
	volatile uint32_t *regs;
	size_t size = 0;
	long err = 0;

	strate_init();
	if (strate_dev_get("virtio-rng", 0, &d) < 0) {
		printf("devprobe: no virtio-rng in SH_DEV\n");
		return 1;
	}
	if (!d.irq) {
		printf("devprobe: virtio-rng has no interrupt\n");
		return 1;
	}
	regs = strate_dev_map(&d, 0, &size, &err);
	if (!regs) {
		printf("devprobe: cannot map virtio-rng: %s\n", sh_strerror(err));
		return 1;
	}
	if (regs[0] != 0x74726976u || regs[2] != 4u) {
		printf("devprobe: magic %#x device %u\n", (unsigned)regs[0],
		       (unsigned)regs[2]);
		return 1;
	}
	return 0;
}
