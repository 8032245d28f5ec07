-module(stdlib_io_lib_fread).
-export([test/0]).
%% Io_lib:fread.
test() ->
    [io_lib:fread("~d", "123"), io_lib:fread("~d~d", "1 2"), io_lib:fread("~a", "atom rest"), io_lib:fread("~s ~s", "a b"),
     io_lib:fread("~3c", "abcd"), io_lib:fread("~f", "x"), io_lib:fread("~u", "ff"), io_lib:fread("~16u", "ff"),
     io_lib:fread("~-d", "-5"), io_lib:fread("~#", "16#ff"), io_lib:fread("~e", "1.0e3"), io_lib:fread("~l", "")].
