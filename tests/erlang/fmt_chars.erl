-module(fmt_chars).
-export([test/0]).
%% ~p of one-element lists across control and latin-1 characters.
test() ->
    [lists:flatten(io_lib:format("~p", [[X]])) || X <- [0, 7, 8, 9, 10, 11, 12, 13, 27, 31, 32, 34, 39, 92, 127, 128, 160, 255, 256]].
