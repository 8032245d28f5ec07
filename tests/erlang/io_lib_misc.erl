-module(io_lib_misc).
-export([test/0]).
%% Io_lib helper functions.
test() ->
    [io_lib:write_atom('a b'), io_lib:write_string("x\"y"), io_lib:write_char($a), io_lib:char_list("abc"),
     io_lib:printable_list("abc"), io_lib:printable_list([1, 2]), io_lib:printable_latin1_list("é"),
     io_lib:deep_char_list(["a", ["b"]]), io_lib:fread("~d ~s", "12 abc"), io_lib:fread("~f", "1.5"),
     io_lib:quote_atom(abc, false), io_lib:indentation("  ab", 0), io_lib:nl(), io_lib:write([1, 2], 1),
     io_lib:format("~w", [{1, 2}]), io_lib:latin1_char_list([200])].
