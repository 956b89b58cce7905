build-p/obj/record/ksyms.o: src/record/ksyms.c include/ksyms.h \
 include/util.h
include/ksyms.h:
include/util.h:
