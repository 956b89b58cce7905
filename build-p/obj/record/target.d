build-p/obj/record/target.o: src/record/target.c include/target.h \
 include/util.h
include/target.h:
include/util.h:
