-module(hash_phash2_terms).
-export([test/0]).
-compile({nowarn_deprecated_function, [{erlang, phash, 2}]}).
%% erlang:phash2/1,2 and erlang:phash/2 give OTP's exact values: edge
%% cases of every term type (local pids named by list_to_pid; references
%% and ports are runtime numbers on both sides, so left out), then a few
%% thousand seeded random terms (a private generator, so both runtimes
%% hash the same terms).
test() ->
    Edge = edge_terms(),
    Rand = element(1, lists:mapfoldl(fun(_, S) -> gen(S, 4) end, 12345, lists:seq(1, 1500))),
    [[hashes(T) || T <- Edge],
     erlang:phash2([hashes(T) || T <- Rand]),
     [erlang:phash2(T) || T <- lists:sublist(Rand, 60)],
     [erlang:phash(T, 1 bsl 32) || T <- lists:sublist(Rand, 60)],
     [erlang:phash2(T, R) || T <- lists:sublist(Rand, 20), R <- [1, 2, 7, 1000, 1 bsl 27, 1 bsl 32]],
     [err(fun() -> erlang:phash2(a, R) end) || R <- [0, -1, (1 bsl 32) + 1, x, 1.0]],
     [err(fun() -> erlang:phash(a, R) end) || R <- [0, -1, (1 bsl 32) + 1, x]]].

err(F) -> try F() catch error:R -> R end.

hashes(T) -> {erlang:phash2(T), erlang:phash2(T, 1000), erlang:phash(T, 1 bsl 32), erlang:phash(T, 97)}.

edge_terms() ->
    Ints = [0, 1, -1, 255, 256, -255, 1 bsl 27 - 1, 1 bsl 27, -(1 bsl 27), -(1 bsl 27) - 1,
            1 bsl 31, 1 bsl 32, 1 bsl 59 - 1, 1 bsl 59, -(1 bsl 59), -(1 bsl 59) - 1,
            1 bsl 60, -(1 bsl 60), 1 bsl 63, 1 bsl 64 - 1, 1 bsl 64, -(1 bsl 64),
            1 bsl 100 + 12345, -(1 bsl 200) - 1, 12345678901234567890123456789],
    Floats = [0.0, -0.0, 1.0, -1.0, 0.5, 1.5e300, -2.5e-300, 3.141592653589793, 1.0e15],
    Atoms = [a, abc, '', 'hello world', 'é', 'ünïcödé', '日本', true, false, undefined,
             'a_very_long_atom_name_that_overflows_the_hashpjw_accumulator_many_times'],
    B = <<0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23>>,
    <<_:3, Sub:13/binary, _/bitstring>> = B,
    <<_:8, Sub2:9/binary, _/binary>> = B,
    <<_:1, Bits:20/bitstring, _/bitstring>> = B,
    Bins = [<<>>, <<0>>, <<"abc">>, B, Sub, Sub2, binary:part(B, 5, 12),
            <<1:1>>, <<5:3>>, <<1, 2, 3:4>>, <<"twelve bytes", 7:5>>, list_to_binary(lists:seq(1, 200)), Bits],
    Lists = [[], [a], [1, 2, 3], "abcd", "abcde", "hello, world", [256, 1], [1 | 2], [a | b],
             [[]], [[], []], [1, [2, [3, []]]], "ab" ++ [300] ++ "cd", [-1, 0, 255, 256],
             [1.0, <<1>>, {x}], lists:seq(1, 100), [[] | 3], [x | []]],
    Tuples = [{}, {a}, {1, 2}, {{}, []}, {a, {b, {c, {d}}}}, list_to_tuple(lists:seq(1, 40))],
    Maps = [#{}, #{a => 1}, #{1 => a, 2 => b}, #{[] => {}, <<>> => 0.0},
            maps:from_list([{I, I * I} || I <- lists:seq(1, 33)]),
            maps:from_list([{integer_to_list(I), I} || I <- lists:seq(1, 100)]),
            #{#{k => v} => #{}}, #{maps:from_list([{I, I} || I <- lists:seq(1, 40)]) => x}],
    Y = 42,
    Funs = [fun lists:map/2, fun erlang:phash2/1, fun ?MODULE:test/0, fun() -> ok end,
            fun(X) -> X + Y end, fun(X) -> {X, Y, Ints} end],
    Pids = [list_to_pid(P) || P <- ["<0.0.0>", "<0.80.0>", "<0.12345.0>", "<0.32767.0>"]],
    Ints ++ Floats ++ Atoms ++ Bins ++ Lists ++ Tuples ++ Maps ++ Funs ++ Pids ++ [{Funs, Maps, Bins, Pids}].

%% A linear congruential generator and a small term grammar over it.
next(S) -> (S * 1103515245 + 12345) band 16#7fffffff.

gen(S0, Depth) ->
    S1 = next(S0),
    Kind = case Depth of 0 -> S1 rem 7; _ -> S1 rem 12 end,
    S = next(S1),
    case Kind of
        0 -> {S rem 1000 - 500, S};
        1 -> {(S bsl 40) * (S rem 3 - 1) + S, next(S)};
        2 -> {(S rem 100000) / 7 - 3000, S};
        3 -> {list_to_atom([$a + S rem 26, $a + (S div 26) rem 26]), S};
        4 -> {list_to_binary([X rem 256 || X <- lists:seq(S rem 7, S rem 7 + S rem 30)]), S};
        5 -> {<<S:(S rem 17 + 1)>>, S};
        6 -> {[C rem 128 || C <- lists:seq(S rem 50, S rem 50 + S rem 9)], S};
        7 -> gen_seq(S, Depth, S rem 5, fun list_to_tuple/1);
        8 -> gen_seq(S, Depth, S rem 5, fun(L) -> L end);
        9 -> {L, S2} = gen_seq(S, Depth, S rem 4 + 1, fun(L) -> L end),
             {T, S3} = gen(S2, Depth - 1),
             {lists:foldr(fun(E, A) -> [E | A] end, T, L), S3};
        10 -> {Ks, S2} = gen_seq(S, Depth, S rem 6, fun(L) -> L end),
              {Vs, S3} = gen_seq(S2, Depth, length(Ks), fun(L) -> L end),
              {maps:from_list(lists:zip(Ks, lists:sublist(Vs ++ Ks, length(Ks)))), S3};
        11 -> {maps:from_list([{I * (S rem 13 + 1), I} || I <- lists:seq(1, 33 + S rem 40)]), S}
    end.

gen_seq(S, Depth, N, F) ->
    {L, S2} = lists:mapfoldl(fun(_, Acc) -> gen(Acc, Depth - 1) end, S, lists:seq(1, N)),
    {F(L), S2}.
