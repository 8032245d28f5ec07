-module(maps_hamt_order).
-export([test/0]).
%% Maps above 32 keys are OTP's hash trie: ~w printing, to_list, keys,
%% values, fold, the maps:next iterator and term_to_binary all see OTP's
%% order, unsorted (and term_to_binary's deterministic option, key order).  Keys mix integers, bignums, floats, binaries, lists
%% and tuples (atom keys hash by atom index on OTP, so they are left out).
test() ->
    Small = [mk(N, 1) || N <- [33, 34, 40, 64, 100]],
    Big = [mk(N, 7) || N <- [500, 1000, 5000]],
    [[views(M) || M <- Small],
     [digest(M) || M <- Big],
     [lists:sublist(maps:to_list(M), 10) || M <- Big],
     [first(maps:next(maps:iterator(M))) || M <- [mk(33, 3), mk(40, 5)]],
     walk_count(mk(5000, 2)),
     nested(), deterministic(), compare()].

%% Big maps order by size, then keys in key order, then values.
compare() ->
    A = mk(40, 1),
    Ms = [A, A#{key(1, 1) := 0}, A#{key(40, 1) := 0}, maps:remove(key(2, 1), A#{999 => 1}),
          A#{1.0e9 => x}, A#{1000000000 => x}, maps:map(fun(_, V) -> V * 1.0 end, A), mk(41, 1), mk(40, 2)],
    [lists:sort(Ms) =:= lists:sort(lists:reverse(Ms)), [lists:keyfind(1, 1, [{1, X}]) =:= {1, X} || X <- Ms],
     [[X < Y || Y <- Ms] || X <- Ms], [[X == Y || Y <- Ms] || X <- Ms], [[X =:= Y || Y <- Ms] || X <- Ms],
     [maps:keys(X) || X <- lists:sublist(lists:sort(Ms), 3)]].

%% term_to_binary(_, [deterministic]) writes big maps in key order.
deterministic() ->
    M = maps:from_list([{I, I} || I <- lists:seq(1, 40)] ++ [{1.0, f}, {<<"b">>, {x}}, {[1], #{}}]),
    N = #{big => M, list => [M, maps:from_list([{{I}, I} || I <- lists:seq(1, 50)])]},
    [term_to_binary(M, [deterministic]), term_to_binary(N, [deterministic]),
     term_to_binary(#{b => 1, a => 2, 1 => x, 1.0 => y}, [deterministic]),
     binary_to_term(term_to_binary(N, [deterministic])) =:= N, term_to_binary(M, [deterministic, compressed])].

key(I, Salt) ->
    case (I + Salt) rem 8 of
        0 -> I;
        1 -> -I * 7919;
        2 -> (I + Salt) bsl 64 + I;
        3 -> I / 4;
        4 -> integer_to_binary(I * Salt);
        5 -> {I, I rem 3};
        6 -> [I rem 256, I div 256];
        7 -> <<I:(I rem 13 + 3)>>
    end.

mk(N, Salt) -> maps:from_list([{key(I, Salt), I} || I <- lists:seq(1, N)]).

%% OTP sizes an iterator's batches by the reductions left, so only the
%% entries are compared, never the iterator term itself.
first({K, V, _}) -> {K, V}.

it(I) -> case maps:next(I) of none -> []; {K, V, I2} -> [{K, V} | it(I2)] end.

views(M) ->
    [M, maps:to_list(M), maps:keys(M), maps:values(M),
     maps:fold(fun(K, V, A) -> [{K, V} | A] end, [], M),
     it(maps:iterator(M)), term_to_binary(M),
     io_lib:format("~p", [M])].

digest(M) ->
    [erlang:md5(term_to_binary(X)) ||
        X <- [maps:to_list(M), maps:keys(M), maps:values(M),
              maps:fold(fun(K, V, A) -> [{K, V} | A] end, [], M),
              it(maps:iterator(M)), M, lists:flatten(io_lib:format("~w", [M]))]]
    ++ [erlang:md5(term_to_binary(M)), map_size(M)].

walk_count(M) ->
    L = it(maps:iterator(M)),
    [length(L), L =:= lists:reverse(maps:to_list(M)), lists:sort(L) =:= lists:sort(maps:to_list(M))].

nested() ->
    Inner = mk(40, 4),
    M = maps:from_list([{mk(33 + I, I), I} || I <- lists:seq(1, 5)] ++ [{Inner, inner}]),
    [maps:values(M), maps:get(Inner, M), erlang:phash2(M), erlang:phash2(Inner),
     maps:keys(#{Inner => 1, mk(50, 6) => 2, #{} => 3})].
