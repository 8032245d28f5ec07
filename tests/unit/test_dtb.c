/* bedrock's device tree reader against the DTB of the machine tools/run
 * boots, dumped by QEMU itself (tools/meson.build), plus damaged blobs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libfdt.h>
#include <shale/errors.h>
#include "machine.h"

static void *dtb;
static size_t dtb_len;

static int load(void **state)
{
	const char *path = getenv("SHALE_VIRT_DTB");
	FILE *f;

	(void)state;
	if (!path || !(f = fopen(path, "rb")))
		return -1;
	dtb = malloc(1 << 20);
	dtb_len = fread(dtb, 1, 1 << 20, f);
	fclose(f);
	return dtb_len ? 0 : -1;
}

static void test_virt_machine(void **state)
{
	static struct machine m;
	const char *why = "unset";
	int i;

	(void)state;
	assert_int_equal(dtb_parse(dtb, &m, &why), 0);
	assert_null(why);
	/* QEMU virt with -m 512M: RAM at 1 GiB */
	assert_int_equal(m.nmem, 1);
	assert_int_equal(m.mem[0].base, 0x40000000);
	assert_int_equal(m.mem[0].size, 512 << 20);
	assert_int_equal(m.uart.base, 0x09000000);
	assert_int_equal(m.uart_irq, 32 + 1);
	assert_int_equal(m.gicd.base, 0x08000000);
	assert_int_equal(m.gicc.base, 0x08010000);
	assert_int_equal(m.timer_irq_phys, 16 + 14);
	assert_int_equal(m.timer_irq_virt, 16 + 11);
	assert_int_equal(m.nvirtio, 32);
	for (i = 0; i < m.nvirtio; i++) {
		/* slot n: 0x0a000000 + 0x200 n, SPI 16 + n */
		uint64_t n = (m.virtio[i].base - 0x0a000000) / 0x200;

		assert_true(n < 32);
		assert_int_equal(m.virtio[i].base, 0x0a000000 + 0x200 * n);
		assert_int_equal(m.virtio[i].size, 0x200);
		assert_int_equal(m.virtio[i].irq, 32 + 16 + n);
	}
	assert_true(m.ncpus >= 1);
	assert_true(!strcmp(m.psci_method, "hvc") || !strcmp(m.psci_method, "smc"));
	assert_int_equal(m.initrd.size, 0);
}

static void test_bad_header_rejected(void **state)
{
	static struct machine m;
	char *copy = malloc(dtb_len);
	const char *why = NULL;

	(void)state;
	memcpy(copy, dtb, dtb_len);
	copy[0] ^= 0xff;	/* magic */
	assert_int_equal(dtb_parse(copy, &m, &why), -SH_EBADMSG);
	assert_string_equal(why, "bad device tree header");
	free(copy);
}

static void test_missing_gic_named(void **state)
{
	static struct machine m;
	char *copy = malloc(dtb_len);
	const char *why = NULL;
	int node;

	(void)state;
	memcpy(copy, dtb, dtb_len);
	node = fdt_node_offset_by_compatible(copy, -1, "arm,cortex-a15-gic");
	assert_true(node >= 0);
	assert_int_equal(fdt_nop_node(copy, node), 0);
	assert_int_equal(dtb_parse(copy, &m, &why), -SH_EBADMSG);
	assert_string_equal(why, "no GICv2");
	free(copy);
}

static void test_initrd_and_bootargs(void **state)
{
	static struct machine m;
	char *copy = malloc(dtb_len + 4096);
	int chosen;

	(void)state;
	assert_int_equal(fdt_open_into(dtb, copy, (int)dtb_len + 4096), 0);
	chosen = fdt_path_offset(copy, "/chosen");
	assert_true(chosen >= 0);
	assert_int_equal(fdt_setprop_u64(copy, chosen, "linux,initrd-start", 0x48000000), 0);
	assert_int_equal(fdt_setprop_u64(copy, chosen, "linux,initrd-end", 0x48010000), 0);
	assert_int_equal(fdt_setprop_string(copy, chosen, "bootargs", "quiet"), 0);
	assert_int_equal(dtb_parse(copy, &m, NULL), 0);
	assert_int_equal(m.initrd.base, 0x48000000);
	assert_int_equal(m.initrd.size, 0x10000);
	assert_string_equal(m.bootargs, "quiet");
	free(copy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_virt_machine),
		cmocka_unit_test(test_bad_header_rejected),
		cmocka_unit_test(test_missing_gic_named),
		cmocka_unit_test(test_initrd_and_bootargs),
	};

	return cmocka_run_group_tests(tests, load, NULL);
}
