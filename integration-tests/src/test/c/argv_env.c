/*
 * Command line and environment: argc, every argv element, HOME, PATH,
 * JRR_TEST_VAR and the number of environment entries.
 */
#include <unistd.h>

#include "jrr_test.h"

extern char **environ;

static void print_env(const char *name) {
  const char *v = getenv(name);
  if (v) {
    printf("env %s=%s\n", name, v);
  } else {
    printf("env %s unset\n", name);
  }
}

int main(int argc, char **argv) {
  printf("argc %d\n", argc);
  for (int i = 0; i < argc; i++) {
    printf("argv[%d] %s\n", i, argv[i]);
  }
  test_assert(argv[argc] == NULL);
  print_env("HOME");
  print_env("PATH");
  print_env("JRR_TEST_VAR");
  int n = 0;
  while (environ[n]) {
    n++;
  }
  printf("environ count %d\n", n);
  return exit_success();
}
