-module(bench_binappend).
-export([run/0]).
%% Building a 4 MB binary one byte at a time.
run() -> byte_size(loop(4000000, <<>>)).
loop(0, B) -> B;
loop(N, B) -> loop(N - 1, <<B/binary, (N band 255)>>).
