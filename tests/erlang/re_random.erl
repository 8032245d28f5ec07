-module(re_random).
-export([test/0]).
%% Generated patterns (from a fixed-seed generator of our own, so both VMs
%% see the same ones) run over generated subjects, plain and global; long
%% subjects that make PCRE recurse deeply; and erl_stdlib_errors, the
%% stdlib module that explains re's badargs, on re's own errors.
next(S) -> (S * 1103515245 + 12345) band 16#7fffffff.
pick(L, S) -> lists:nth(S rem length(L) + 1, L).
atoms() -> ["a", "b", "ab", ".", "\\d", "\\w", "[ab]", "[^a]", "x", "\\s", "c"].
piece(S0) ->
    S1 = next(S0), S2 = next(S1), S3 = next(S2),
    A = pick(atoms(), S1 bsr 4),
    Q = pick(["", "", "*", "+", "?", "{1,2}", "*?", "+?"], S2 bsr 4),
    W = case S3 rem 5 of 0 -> "(" ++ A ++ Q ++ ")"; 1 -> "(?:" ++ A ++ "|b)" ++ Q;
                         _ -> A ++ Q end,
    {W, S3}.
pattern(0, S, Acc) -> {lists:append(lists:reverse(Acc)), S};
pattern(N, S0, Acc) -> {W, S} = piece(S0), pattern(N - 1, S, [W | Acc]).
subject(0, S, Acc) -> {Acc, S};
subject(N, S0, Acc) ->
    S = next(S0), subject(N - 1, S, [pick("aabbcx1 2", S bsr 5) | Acc]).
gen(0, _, Acc) -> lists:reverse(Acc);
gen(N, S0, Acc) ->
    {P, S1} = pattern(1 + S0 rem 4, S0, []),
    gen(N - 1, next(S1), [P | Acc]).
subjects(0, _, Acc) -> Acc;
subjects(N, S0, Acc) ->
    {Sub, S1} = subject(S0 rem 12, S0, []), subjects(N - 1, next(S1), [Sub | Acc]).
test() ->
    Ps = gen(150, 42, []),
    Ss = subjects(12, 7, []),
    Runs = [{P, [{re:run(S, P), re:run(S, P, [global, {capture, all, binary}])}
                 || S <- Ss]} || P <- Ps],
    Deep = [begin S = binary:copy(<<"ab">>, N),
                  {N, re:run(<<S/binary, "c">>, "^(a|b)*c", [{capture, none}]),
                   re:run(S, "^(?:a|b)*$", [{capture, first}]),
                   re:run(S, "(a|b)*?$", [{capture, all_but_first, binary}]),
                   re:run(S, "^(a|b)*$", [{match_limit_recursion, 1000}, report_errors]),
                   length(element(2, re:run(S, "b", [global])))} end
            || N <- [10, 5000, 60000]],
    Big = binary:copy(<<"word1 word22 ">>, 5000),
    Long = [length(re:split(Big, " ", [trim])),
            byte_size(iolist_to_binary(re:replace(Big, "\\d+", "#", [global]))),
            re:run(Big, "word22 $", [{capture, first}])],
    Info = #{module => erl_stdlib_errors},
    Explain = [erl_stdlib_errors:format_error(badarg, [{re, F, Args, [{error_info, Info}]}])
               || {F, Args} <- [{run, ["a", "(", []]}, {run, [a, "a", []]},
                                {run, ["a", "a", [bad]]}, {compile, ["(", []]},
                                {compile, ["a", [global]]}, {replace, ["a", "(", "b", []]},
                                {split, ["a", "a", [bad]]}, {inspect, [x, namelist]}]],
    [Runs, Deep, Long, Explain].
