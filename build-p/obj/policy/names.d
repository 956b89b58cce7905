build-p/obj/policy/names.o: src/policy/names.c include/names.h \
 include/util.h
include/names.h:
include/util.h:
