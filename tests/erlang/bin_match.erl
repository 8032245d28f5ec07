-module(bin_match).
-export([test/0]).
%% Binary matching.
test() ->
    B = <<1, 2, 3, 4, 5, 6, 7, 8, 200, 255>>,
    <<A:16, Rest/binary>> = B,
    <<C:16/little, D:8/signed, _/bits>> = Rest,
    <<E:3, F:5, G:4/binary, H/bits>> = B,
    <<Fl:64/float>> = <<1.5/float>>,
    <<U/utf8, V/utf8, _/binary>> = <<"é€x"/utf8>>,
    <<Sz:8, Pl:Sz/binary, Tail/binary>> = <<3, "abcdef">>,
    [A, C, D, E, F, G, H, Fl, U, V, Pl, Tail, m(<<0:1, 7:7>>), m(<<1:1, 3:7>>), m(<<>>), m(<<1:4>>)].
m(<<0:1, X:7>>) -> {zero, X};
m(<<1:1, X:7>>) -> {one, X};
m(<<>>) -> empty;
m(Other) -> {other, Other}.
