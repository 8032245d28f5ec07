-module(bin_float_seg).
-export([test/0]).
%% Float segments 16/32/64 bits, including inf/NaN not matching.
test() ->
    Fs = [0.0, 1.0, -2.5, 1.0e300, 3.4028234663852886e38, 1.0e-40, 0.1],
    [{<<F:64/float>>, <<F:64/float-little>>} || F <- Fs] ++ [{<<F:32/float>>, <<F:16/float>>} || F <- [0.0, 1.0, -2.5, 0.1, 65504.0]] ++
    [begin <<A:32/float>> = <<F:32/float>>, A end || F <- [0.0, 1.0, -2.5, 1.0e-40, 0.1]] ++
    [m(<<0:32>>), m(<<16#7F800000:32>>), m(<<16#7FC00000:32>>), m(<<16#3C00:16>>)].
m(<<F:32/float>>) -> {f32, F};
m(<<F:16/float>>) -> {f16, F};
m(B) -> {nomatch, B}.
