/* ktest's parts (ktest.c runs them in order). */
#ifndef TESTS_USER_KTEST_H
#define TESTS_USER_KTEST_H

void ktest_notif(void);
void ktest_threads(void);
void ktest_ipc(void);
void ktest_proc(void);
void ktest_dev(void);

#endif
