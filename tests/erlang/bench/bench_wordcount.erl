-module(bench_wordcount).
-export([run/0]).
%% Map-heavy word count: 500,000 words drawn from a 5,000-word vocabulary.
word(I) -> list_to_binary(["w", integer_to_list(I)]).
run() ->
    Vocab = list_to_tuple([word(I) || I <- lists:seq(1, 5000)]),
    Counts = count(500000, 7, Vocab, #{}),
    {map_size(Counts), maps:get(<<"w1">>, Counts, 0), lists:sum(maps:values(Counts))}.
count(0, _, _, M) -> M;
count(N, S, V, M) ->
    S2 = (S * 1103515245 + 12345) band 16#7FFFFFFF,
    W = element(S2 rem tuple_size(V) + 1, V),
    count(N - 1, S2, V, maps:update_with(W, fun(C) -> C + 1 end, 1, M)).
