-module(bench_nrev).
-export([run/0]).
%% Naive reverse of a 500-element list, 300 times: list cells and appends.
nrev([]) -> [];
nrev([H | T]) -> app(nrev(T), [H]).
app([], L) -> L;
app([H | T], L) -> [H | app(T, L)].
run() -> L = lists:seq(1, 500), lists:sum([hd(nrev(L)) || _ <- lists:seq(1, 300)]).
