/* hello-slipway: prints a greeting and its version; the program the RPM example packages. */
#include <stdio.h>
#include <string.h>

#ifndef VERSION
#define VERSION "unknown"
#endif

static void usage(FILE *out)
{
    fputs("Usage: hello-slipway [--version] [--help] [NAME]\n"
          "Greets NAME (default: world) and says which version is greeting.\n",
          out);
}

int main(int argc, char **argv)
{
    const char *name = "world";

    if (argc > 2) {
        usage(stderr);
        return 2;
    }
    if (argc == 2) {
        if (strcmp(argv[1], "--version") == 0) {
            printf("hello-slipway %s\n", VERSION);
            return 0;
        }
        if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
            usage(stdout);
            return 0;
        }
        if (argv[1][0] == '-') {
            fprintf(stderr, "hello-slipway: unknown option '%s'\n", argv[1]);
            usage(stderr);
            return 2;
        }
        name = argv[1];
    }
    printf("Hello, %s! This is hello-slipway %s, built on a Slipway farm.\n", name, VERSION);
    return 0;
}
