-module(stdlib_io_lib_format).
-export([test/0]).
%% Io_lib_format entry points.
test() ->
    [io_lib_format:fwrite("~w and ~p", [a, "b"]), lists:flatten(io_lib_format:fwrite("~10.5.xs|", ["abc"])),
     io_lib_format:fwrite_g(1.5), io_lib_format:fwrite_g(1.0e-10), io_lib_format:fwrite_g(123456789.0),
     lists:flatten(io_lib_format:fwrite("~.10B ~.36B", [12345, 12345])), lists:flatten(io_lib_format:fwrite("~e", [0.0])),
     lists:flatten(io_lib:format("~-8w|~8w|", [abc, abc])), lists:flatten(io_lib:format("~.1p", [[a]])),
     io_lib:scan_format("~w ~s", [a, "b"]), io_lib:build_text(io_lib:scan_format("~w~n", [x]))].
