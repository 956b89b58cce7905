build-p/obj/record/container.o: src/record/container.c \
 include/container.h include/jsonutil.h include/util.h include/util.h
include/container.h:
include/jsonutil.h:
include/util.h:
include/util.h:
