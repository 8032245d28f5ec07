-module(char_lists).
-export([test/0]).
%% Character literals and char lists.
test() ->
    [[$a, $\n, $\\, $\s, $\e, $\^A, $\x41, $\x{263A}, $\101], "\x{1F600}", "a" "b" "c", [$a | "bc"],
     lists:flatten(io_lib:format("~p", ["\x{263A}"])), lists:flatten(io_lib:format("~tp", ["\x{263A}"])),
     io_lib:printable_unicode_list("\x{263A}"), lists:flatten(io_lib:format("~s", [[$a, [$b], <<"c">>]]))].
