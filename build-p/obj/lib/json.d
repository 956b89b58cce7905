build-p/obj/lib/json.o: src/lib/json.c include/jsonutil.h include/util.h \
 include/util.h
include/jsonutil.h:
include/util.h:
include/util.h:
