/* Host tests of the split virtqueue (strates/virtio/virtq.c): the test
 * plays the device, reading chains from the avail ring and answering on
 * the used ring, as QEMU does through physical addresses (here the
 * "physical" address is the host pointer, so the device can follow it). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <shale/virtio.h>

static void *mem;
static struct virtq q;
static uint16_t dev_avail;	/* the device's next avail entry */

static int setup(void **state)
{
	size_t size = virtq_layout(8, NULL, NULL);

	(void)state;
	mem = aligned_alloc(4096, size);
	memset(mem, 0, size);
	dev_avail = 0;
	return virtq_init(&q, 0, 8, mem, (uint64_t)(uintptr_t)mem);
}

static int teardown(void **state)
{
	(void)state;
	free(mem);
	return 0;
}

/* The device takes the next chain: returns its head and fills the chain's
 * buffers (following NEXT), or -1 when avail is empty. */
static int dev_take(struct virtq_desc *chain, unsigned *n)
{
	uint16_t idx = __atomic_load_n(&q.avail->idx, __ATOMIC_ACQUIRE);
	uint16_t head, i;

	if (idx == dev_avail)
		return -1;
	head = q.avail->ring[dev_avail++ & (q.num - 1)];
	*n = 0;
	i = head;
	for (;;) {
		chain[(*n)++] = q.desc[i];
		if (!(q.desc[i].flags & VIRTQ_DESC_F_NEXT))
			break;
		i = q.desc[i].next;
		assert_true(*n <= q.num);
	}
	return head;
}

static void dev_use(uint32_t id, uint32_t len)
{
	q.used->ring[q.used->idx & (q.num - 1)] = (struct virtq_used_elem){id, len};
	__atomic_store_n(&q.used->idx, (uint16_t)(q.used->idx + 1), __ATOMIC_RELEASE);
}

static void test_layout(void **state)
{
	size_t a, u;

	(void)state;
	/* 256 entries: 4096 of descriptors, avail 518, used on the next page. */
	assert_int_equal(virtq_layout(256, &a, &u), 12288);
	assert_int_equal(a, 4096);
	assert_int_equal(u, 8192);
	assert_int_equal(virtq_layout(8, &a, &u), 8192);
	assert_int_equal(u % VIRTQ_ALIGN, 0);
	assert_int_equal(virtq_layout(0, NULL, NULL), 0);
	assert_int_equal(virtq_layout(6, NULL, NULL), 0);
	assert_int_equal(virtq_layout(512, NULL, NULL), 0);
}

/* A three-buffer request (header, data the device writes, status) arrives
 * in order with the right flags and comes back with its cookie. */
static void test_chain_roundtrip(void **state)
{
	struct virtq_buf b[3] = {
		{0x1000, 16, 0}, {0x2000, 512, 1}, {0x3000, 1, 1},
	};
	struct virtq_desc chain[8];
	unsigned n;
	void *cookie;
	uint32_t len;
	int head;

	(void)state;
	head = virtq_add(&q, b, 3, (void *)0x55);
	assert_true(head >= 0);
	assert_int_equal(q.nfree, 5);
	assert_int_equal(dev_take(chain, &n), head);
	assert_int_equal(n, 3);
	assert_int_equal(chain[0].addr, 0x1000);
	assert_int_equal(chain[0].flags, VIRTQ_DESC_F_NEXT);
	assert_int_equal(chain[1].flags, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE);
	assert_int_equal(chain[2].flags, VIRTQ_DESC_F_WRITE);
	assert_int_equal(chain[2].len, 1);
	assert_int_equal(virtq_pop(&q, &cookie, &len), 0);	/* not used yet */
	dev_use((uint32_t)head, 513);
	assert_int_equal(virtq_pop(&q, &cookie, &len), 1);
	assert_ptr_equal(cookie, (void *)0x55);
	assert_int_equal(len, 513);
	assert_int_equal(q.nfree, 8);
	assert_int_equal(virtq_in_flight(&q), 0);
}

/* Fill the queue, refuse one more, answer out of order many times over
 * (wrapping both 16-bit indices' low bits many times): every cookie comes
 * back exactly once and no descriptor is lost. */
static void test_out_of_order_and_wrap(void **state)
{
	struct virtq_buf b[2] = {{0x1000, 16, 0}, {0x2000, 16, 1}};
	struct virtq_desc chain[8];
	int heads[4];
	unsigned n;

	(void)state;
	for (int round = 0; round < 5000; round++) {
		unsigned seen = 0;

		for (int k = 0; k < 4; k++) {
			heads[k] = virtq_add(&q, b, 2, (void *)(uintptr_t)(k + 1));
			assert_true(heads[k] >= 0);
		}
		assert_int_equal(virtq_add(&q, b, 1, NULL), -SH_EAGAIN);
		for (int k = 0; k < 4; k++)
			assert_int_equal(dev_take(chain, &n), heads[k]);
		/* answer 3, 1, 0, 2 */
		dev_use((uint32_t)heads[3], 0);
		dev_use((uint32_t)heads[1], 0);
		dev_use((uint32_t)heads[0], 0);
		dev_use((uint32_t)heads[2], 0);
		for (int k = 0; k < 4; k++) {
			void *c;
			uint32_t len;

			assert_int_equal(virtq_pop(&q, &c, &len), 1);
			seen |= 1u << ((uintptr_t)c - 1);
		}
		assert_int_equal(seen, 0xf);
		assert_int_equal(q.nfree, 8);
	}
}

/* A device naming a descriptor that is not a chain in flight (out of
 * range, or popped already) is refused and the free list is unharmed. */
static void test_hostile_used(void **state)
{
	struct virtq_buf b = {0x1000, 16, 0};
	struct virtq_desc chain[8];
	unsigned n;
	void *c;
	uint32_t len;
	int head;

	(void)state;
	head = virtq_add(&q, &b, 1, (void *)1);
	dev_take(chain, &n);
	dev_use(1000, 0);
	assert_int_equal(virtq_pop(&q, &c, &len), -SH_EBADMSG);
	dev_use((uint32_t)head, 0);
	assert_int_equal(virtq_pop(&q, &c, &len), 1);
	dev_use((uint32_t)head, 0);			/* again */
	assert_int_equal(virtq_pop(&q, &c, &len), -SH_EBADMSG);
	assert_int_equal(q.nfree, 8);
	/* The device scribbling on next fields cannot hurt the free list. */
	for (int i = 0; i < 8; i++)
		q.desc[i].next = 3;
	for (int i = 0; i < 8; i++)
		assert_true(virtq_add(&q, &b, 1, NULL) >= 0);
	assert_int_equal(q.nfree, 0);
	{
		uint8_t seen[8] = {0};

		for (uint16_t i = 0; i < 8; i++) {
			uint16_t h = q.avail->ring[(q.avail_idx - 1 - i) & 7];

			assert_int_equal(seen[h], 0);
			seen[h] = 1;
		}
	}
}

static void test_bad_args(void **state)
{
	struct virtq_buf b[9] = {{0x1000, 16, 0}};

	(void)state;
	assert_int_equal(virtq_add(&q, b, 0, NULL), -SH_EINVAL);
	assert_int_equal(virtq_add(&q, b, 9, NULL), -SH_EINVAL);
	b[0].len = 0;
	assert_int_equal(virtq_add(&q, b, 1, NULL), -SH_EINVAL);
	assert_int_equal(q.nfree, 8);
	assert_int_equal(virtq_init(&q, 0, 3, mem, 0), -SH_EINVAL);
}

/* The device's NO_NOTIFY flag is honoured. */
static void test_kick_suppression(void **state)
{
	(void)state;
	assert_int_equal(virtq_needs_kick(&q), 1);
	q.used->flags = VIRTQ_USED_F_NO_NOTIFY;
	assert_int_equal(virtq_needs_kick(&q), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test_setup_teardown(test_chain_roundtrip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_order_and_wrap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_used, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_args, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kick_suppression, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
