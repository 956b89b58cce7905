build-p/obj/policy/docker_default.o: src/policy/docker_default.c \
 include/docker_default.h include/syscalls.h include/learnprof_abi.h \
 include/util.h
include/docker_default.h:
include/syscalls.h:
include/learnprof_abi.h:
include/util.h:
