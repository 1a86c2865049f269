#!/bin/sh
# Runs a C test program under valgrind memcheck (make check-long); shell
# tests run as usual.  Any memcheck error or definite leak fails the test.
case "$1" in
    *.sh) exec "${SHELL:-sh}" "$@" ;;
esac
exec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite "$@"
