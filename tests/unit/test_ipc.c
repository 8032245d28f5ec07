/* IPC's portable pieces: the wait queues endpoints keep their senders and
 * receivers on (bedrock/waitq.c) and the bounds every message is held to
 * (bedrock/msg.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <shale/errors.h>
#include "msg.h"
#include "wait.h"

static struct thread th[5];

static void reset(void)
{
	memset(th, 0, sizeof(th));
}

static void test_fifo_order(void **state)
{
	struct waitq q = { 0 };
	int i;

	(void)state;
	reset();
	assert_null(waitq_pop(&q));
	for (i = 0; i < 5; i++)
		waitq_push(&q, &th[i]);
	for (i = 0; i < 5; i++) {
		assert_ptr_equal(waitq_pop(&q), &th[i]);
		assert_null(th[i].waitq);
	}
	assert_null(waitq_pop(&q));
	assert_null(q.head);
	assert_null(q.tail);
}

static void test_remove_anywhere(void **state)
{
	struct waitq q = { 0 };
	int i;

	(void)state;
	reset();
	for (i = 0; i < 5; i++)
		waitq_push(&q, &th[i]);
	waitq_remove(&th[2]);		/* middle */
	waitq_remove(&th[0]);		/* head */
	waitq_remove(&th[4]);		/* tail */
	waitq_remove(&th[4]);		/* not queued any more: nothing */
	assert_ptr_equal(q.head, &th[1]);
	assert_ptr_equal(q.tail, &th[3]);
	assert_ptr_equal(waitq_pop(&q), &th[1]);
	assert_ptr_equal(waitq_pop(&q), &th[3]);
	assert_null(waitq_pop(&q));
	/* a thread can queue again after leaving */
	waitq_push(&q, &th[2]);
	assert_ptr_equal(th[2].waitq, &q);
	assert_ptr_equal(waitq_pop(&q), &th[2]);
}

static void test_two_queues(void **state)
{
	struct waitq senders = { 0 }, receivers = { 0 };

	(void)state;
	reset();
	waitq_push(&senders, &th[0]);
	waitq_push(&receivers, &th[1]);
	waitq_push(&senders, &th[2]);
	waitq_remove(&th[1]);		/* finds its own queue */
	assert_null(receivers.head);
	assert_ptr_equal(waitq_pop(&senders), &th[0]);
	assert_ptr_equal(waitq_pop(&senders), &th[2]);
}

static void test_message_bounds(void **state)
{
	struct sh_msg m;

	(void)state;
	memset(&m, 0, sizeof(m));
	assert_int_equal(msg_check_send(&m), 0);
	m.len = SH_MSG_MAX;
	m.nhandles = SH_MSG_HANDLES;
	assert_int_equal(msg_check_send(&m), 0);
	m.len = SH_MSG_MAX + 1;
	assert_int_equal(msg_check_send(&m), -SH_EINVAL);
	m.len = UINT32_MAX;
	assert_int_equal(msg_check_send(&m), -SH_EINVAL);
	m.len = 1;
	m.nhandles = SH_MSG_HANDLES + 1;
	assert_int_equal(msg_check_send(&m), -SH_EINVAL);
	m.nhandles = 0;
	m.reserved = 1;		/* ignored on send */
	assert_int_equal(msg_check_send(&m), 0);
}

static void test_receive_room(void **state)
{
	(void)state;
	assert_int_equal(msg_recv_room(0), 0);
	assert_int_equal(msg_recv_room(100), 100);
	assert_int_equal(msg_recv_room(SH_MSG_MAX), SH_MSG_MAX);
	assert_int_equal(msg_recv_room(UINT32_MAX), SH_MSG_MAX);
	assert_true(msg_fits(0, 0));
	assert_true(msg_fits(64, 64));
	assert_false(msg_fits(65, 64));
	assert_false(msg_fits((uint64_t)SH_MSG_MAX + 1, msg_recv_room(UINT32_MAX)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fifo_order),
		cmocka_unit_test(test_remove_anywhere),
		cmocka_unit_test(test_two_queues),
		cmocka_unit_test(test_message_bounds),
		cmocka_unit_test(test_receive_room),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
