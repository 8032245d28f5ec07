-module(integers_fmt).
-export([test/0]).
%% Integer conversions in all bases, including bignums and negatives.
test() ->
    Ns = [0, 1, -1, 255, -256, 1 bsl 60, -(1 bsl 60), 1 bsl 100, -(1 bsl 130) + 7, 123456789],
    [[integer_to_list(N, B) || N <- Ns] || B <- [2, 8, 10, 16, 36]]
    ++ [[list_to_integer(integer_to_list(N, B), B) =:= N || N <- Ns] || B <- [2, 16, 36]]
    ++ [integer_to_binary(N) || N <- Ns]
    ++ [binary_to_integer(<<"7fffffffffffffffffff">>, 16), list_to_integer("+15"),
        [N bsr 3 || N <- Ns], [N band 16#ff || N <- Ns], [bnot N || N <- Ns],
        [N div 7 || N <- Ns], [N rem 7 || N <- Ns], [abs(N) || N <- Ns]].
