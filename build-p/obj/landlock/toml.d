build-p/obj/landlock/toml.o: src/landlock/toml.c include/landlock.h \
 include/util.h
include/landlock.h:
include/util.h:
