-module(random_bits).
-export([test/0]).
%% Differential sweep of the bit syntax over pseudo-random values, sizes,
%% signedness and endianness (a fixed LCG).
next(S) -> (S * 6364136223846793005 + 1442695040888963407) band 16#FFFFFFFFFFFFFFFF.
vals(S, N) -> vals(S, N, []).
vals(_, 0, Acc) -> Acc;
vals(S, N, Acc) -> S2 = next(S), vals(S2, N - 1, [S2 | Acc]).
test() ->
    Vs = vals(7, 200),
    Ints = [{(V bsr 8) - (1 bsl 50), 1 + V rem 90} || V <- Vs],
    [[{<<X:Sz>>, <<X:Sz/little>>, <<X:Sz/signed-little>>} || {X, Sz} <- lists:sublist(Ints, 60)],
     [begin <<A:Sz/signed, _/bits>> = <<X:Sz, 5:7>>, A end || {X, Sz} <- Ints],
     [begin <<A:Sz/little, _/bits>> = <<X:Sz/little, 1:3>>, A end || {X, Sz} <- Ints],
     [begin <<_:(Sz rem 8), A:Sz/little-signed>> = <<0:(Sz rem 8), X:Sz/little-signed>>, A end
      || {X, Sz} <- Ints],
     [begin F = (V rem 100000) / 7.0, <<F32:32/float>> = <<F:32/float>>, {F32, <<F:64/float-little>>} end
      || V <- lists:sublist(Vs, 40)],
     [<< <<B:3>> || B <- lists:seq(0, 7) >>, << <<V:5>> || V <- lists:sublist(Vs, 13) >>],
     [binary:split(<< <<(V rem 4)>> || V <- lists:sublist(Vs, N, 30) >>, <<0>>, [global])
      || N <- [1, 50, 100]],
     [binary:matches(<< <<(V rem 3)>> || V <- Vs >>, [<<1, 2>>, <<2>>])],
     [byte_size(B) || B <- [<< <<V:N>> || V <- Vs >> || N <- [1, 7, 9, 33, 64]]],
     [bit_size(<<V:N>>) || {V, N} <- lists:sublist(Ints, 20)],
     [begin <<H:N/bits, T/bits>> = <<V:64>>, {H, T} end || {V, N} <- lists:sublist(Ints, 20), N =< 64],
     [unicode:characters_to_list(<< <<C/utf8>> || C <- [V rem 1000 + 32, V rem 60000 + 60000, V rem 1000000 + 65536] >>)
      || V <- lists:sublist(Vs, 10)]].
