/* embed.c: turns a Coil source file into a C string constant so the
 * standard library written in Coil is built into the binary.
 *   embed NAME < file.py > file.inc
 */
#include <stdio.h>

int main(int argc, char **argv) {
    if (argc != 2) {
        fputs("usage: embed NAME < in > out\n", stderr);
        return 2;
    }
    printf("static const char %s[] =\n\"", argv[1]);
    int c, col = 0;
    while ((c = getchar()) != EOF) {
        if (c == '\n') {
            fputs("\\n\"\n\"", stdout);
            col = 0;
            continue;
        }
        if (c == '\\' || c == '"') printf("\\%c", c);
        else if (c < 32 || c >= 127) printf("\\%03o", c);
        else putchar(c);
        if (++col > 200) {
            fputs("\"\n\"", stdout);
            col = 0;
        }
    }
    puts("\";");
    return 0;
}
