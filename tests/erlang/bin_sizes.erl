-module(bin_sizes).
-export([test/0]).
%% Integer segments of many sizes, signed and little-endian.
test() ->
    [f(N) || N <- [0, 1, 7, 8, 9, 15, 16, 31, 32, 63, 64, 65, 100]].
f(N) ->
    X = (1 bsl N) - 1,
    B = <<X:N>>,
    <<Y:N>> = B,
    <<Z:N/signed>> = B,
    {bit_size(B), Y =:= X, Z, <<X:N/little>>}.
