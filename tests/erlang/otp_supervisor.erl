-module(otp_supervisor).
-behaviour(supervisor).
-export([test/0, init/1, start_worker/1, worker/1]).
%% supervisor from OTP's stdlib, run unmodified: static and dynamic
%% children, which_children/count_children, terminate/restart/delete,
%% simple_one_for_one, and a normal exit of a transient child (which
%% is not restarted and prints nothing).
init(static) ->
    {ok, {#{strategy => one_for_one, intensity => 3, period => 5},
          [#{id => w1, start => {?MODULE, start_worker, [w1]}},
           #{id => w2, start => {?MODULE, start_worker, [w2]},
             restart => transient}]}};
init(simple) ->
    {ok, {#{strategy => simple_one_for_one},
          [#{id => w, start => {?MODULE, start_worker, []},
             restart => temporary}]}}.

start_worker(Name) -> {ok, spawn_link(?MODULE, worker, [Name])}.
worker(Name) ->
    receive
        {From, name} -> From ! {self(), Name}, worker(Name);
        quit -> ok
    end.

ask(Pid) -> Pid ! {self(), name}, receive {Pid, N} -> N after 1000 -> timeout end.

ids(Sup) -> lists:sort([Id || {Id, _, _, _} <- supervisor:which_children(Sup)]).

test() ->
    process_flag(trap_exit, true),
    {ok, S} = supervisor:start_link(?MODULE, static),
    Ids = ids(S),
    Counts = supervisor:count_children(S),
    [W1] = [P || {w1, P, _, _} <- supervisor:which_children(S)],
    Name = ask(W1),
    [W2] = [P || {w2, P, _, _} <- supervisor:which_children(S)],
    W2 ! quit,
    timer:sleep(20),
    After = [{Id, is_pid(P)} || {Id, P, _, _} <- lists:sort(supervisor:which_children(S))],
    Term = supervisor:terminate_child(S, w1),
    Undef = [P || {w1, P, _, _} <- supervisor:which_children(S)],
    {ok, W1b} = supervisor:restart_child(S, w1),
    Name2 = ask(W1b),
    Dyn = supervisor:start_child(S, #{id => w3, start => {?MODULE, start_worker, [w3]}}),
    DupC = supervisor:start_child(S, #{id => w3, start => {?MODULE, start_worker, [w3]}}),
    Ids2 = ids(S),
    ok = supervisor:terminate_child(S, w3),
    Del = supervisor:delete_child(S, w3),
    Ids3 = ids(S),
    Spec = supervisor:get_childspec(S, w2),
    {ok, SS} = supervisor:start_link(?MODULE, simple),
    Kids = [element(2, supervisor:start_child(SS, [N])) || N <- [a, b, c]],
    Names = [ask(K) || K <- Kids],
    SCount = supervisor:count_children(SS),
    Check = supervisor:check_childspecs([#{id => x, start => {m, f, []}}]),
    Bad = supervisor:check_childspecs([#{id => x}]),
    exit(SS, shutdown),
    SSDown = receive {'EXIT', SS, R} -> R after 1000 -> none end,
    [Ids, Counts, Name, After, Term, Undef, Name2, element(1, Dyn),
     element(1, DupC), Ids2, Del, Ids3, Spec, Names, SCount, Check,
     element(1, Bad), SSDown, [is_process_alive(K) || K <- Kids]].
