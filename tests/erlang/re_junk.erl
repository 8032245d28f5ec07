-module(re_junk).
-export([test/0]).
%% re's BIFs fed generated mixes of good and bad arguments (option lists
%% with junk, odd subjects and patterns, damaged pattern tuples): each
%% call must give OTP's answer or OTP's exception, never a crash. (No
%% offset past the end of a subject and no damaged compiled code with the
%% right magic number: OTP 25 fails on those uncatchably.)
c(F) -> try F() catch C:R -> {C, R} end.
next(S) -> (S * 1103515245 + 12345) band 16#7fffffff.
pick(L, S) -> lists:nth((S bsr 7) rem length(L) + 1, L).
opts() ->
    [global, unicode, caseless, anchored, notbol, notempty, report_errors,
     {capture, all}, {capture, first, list}, {capture, [1, x], binary},
     {capture, all_names, index}, {capture, none}, {offset, 0},
     {match_limit, 10}, {newline, any}, {newline, crlf}, bsr_unicode, dupnames,
     ucp, {capture, bad}, {offset, -3}, foo, 42, {capture, all, foo}, "x",
     {newline, cr}, multiline, extended, {capture, [0 | 1]}, never_utf].
subjects() ->
    ["abcab", <<"abcab">>, "", ["a", [<<"b">>, $c]], [16#3b1, $a], <<255, $a>>,
     a, [-1], <<1:7>>, {x}, "a\r\nb", [$a | $b], 12].
patterns() ->
    ["a", "(a)(b)?", "(?<x>a)|(?<x>b)", "", "(", <<"b+">>, [16#3b1], a, 7,
     {re_pattern, 1, 0, 0, <<"short">>}, {re_pattern, -1, 0, 0, <<>>},
     [<<"a">>, "|b"], "\\w+$", "^"].
gen(0, _, Acc) -> lists:reverse(Acc);
gen(N, S0, Acc) ->
    S1 = next(S0), S2 = next(S1), S3 = next(S2), S4 = next(S3), S5 = next(S4),
    Opts = [pick(opts(), S) || S <- lists:sublist([S3, S4, S5], 1 + S2 rem 3)],
    gen(N - 1, S5, [{pick(subjects(), S1), pick(patterns(), S2), Opts} | Acc]).
test() ->
    Cases = gen(400, 2024, []),
    Runs = [{S, P, O, c(fun() -> re:run(S, P, O) end)} || {S, P, O} <- Cases],
    Compiles = [c(fun() -> re:compile(P, O) end) || {_, P, O} <- lists:sublist(Cases, 120)],
    {ok, MP} = re:compile("(?<x>a)(b)"),
    Damaged = [c(fun() -> re:run("ab", T) end) ||
                  T <- [setelement(2, MP, 0), setelement(2, MP, 9),
                        setelement(3, MP, 1), setelement(4, MP, 1),
                        setelement(5, MP, <<>>), setelement(5, MP, <<"PCRE">>)]],
    Inspect = [c(fun() -> re:inspect(T, namelist) end) ||
                  T <- [MP, setelement(2, MP, 7), setelement(5, MP, <<"x">>), {}, []]],
    [Runs, Compiles, Damaged, Inspect].
