build-p/obj/lib/strmap.o: src/lib/strmap.c include/strmap.h \
 include/util.h
include/strmap.h:
include/util.h:
