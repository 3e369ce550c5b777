/*
 * Two threads hand a counter back and forth N times (default 2000) through one mutex and two condition
 * variables: every hand-off is a futex wake and a futex wait. Prints the counter and who had the last turn.
 */
#include "jrr_test.h"
#include <pthread.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t to_ping = PTHREAD_COND_INITIALIZER, to_pong = PTHREAD_COND_INITIALIZER;
static long rounds, counter;
static int turn; /* 0: ping's turn, 1: pong's */

static void *pong(void *arg) {
    (void) arg;
    pthread_mutex_lock(&lock);
    while (counter < 2 * rounds) {
        while (turn != 1) {
            pthread_cond_wait(&to_pong, &lock);
        }
        counter++;
        turn = 0;
        pthread_cond_signal(&to_ping);
    }
    pthread_mutex_unlock(&lock);
    return NULL;
}

int main(int argc, char **argv) {
    rounds = argc > 1 ? atol(argv[1]) : 2000;
    pthread_t t;
    test_assert(pthread_create(&t, NULL, pong, NULL) == 0);
    pthread_mutex_lock(&lock);
    for (long i = 0; i < rounds; i++) {
        while (turn != 0) {
            pthread_cond_wait(&to_ping, &lock);
        }
        counter++;
        turn = 1;
        pthread_cond_signal(&to_pong);
    }
    while (turn != 0) {
        pthread_cond_wait(&to_ping, &lock);
    }
    pthread_mutex_unlock(&lock);
    test_assert(pthread_join(t, NULL) == 0);
    printf("counter %ld\n", counter);
    return exit_success();
}
