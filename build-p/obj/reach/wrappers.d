build-p/obj/reach/wrappers.o: src/reach/wrappers.c include/reach.h \
 include/util.h
include/reach.h:
include/util.h:
