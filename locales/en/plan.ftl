# soudan plan: demand forecast and planning of specialist days (staff text)

plan-title = Specialist day plan
plan-target = Target placement rate { $target } ({ $samples } simulated months, seed { $seed })
plan-basis = Basis: regional profile of { $residents } foreign residents, { $months ->
        [one] { $months } month
       *[other] { $months } months
    } of history (weight { $weight }), seasonality: { $season }
plan-season-history = estimated from the history
plan-season-prior = defaults (residence permits March-April, tax returns February-March)
plan-forecast-total = Forecast requests: { $count }
plan-section-sessions = Sessions per agency
plan-section-interpreters = Interpreter hours per language and mode
plan-section-simulation = Simulation (placement rate: share of the month's requests given a place)
plan-section-topics = Forecast per agency and topic
plan-section-languages = Forecast per language and preferred mode
plan-col-agency = agency
plan-col-topic = topic
plan-col-language = language
plan-col-mode = mode
plan-col-forecast = forecast
plan-col-interpreter = needing an interpreter
plan-col-places = places per session
plan-col-current = sessions now
plan-col-recommended = recommended
plan-col-needed-hours = hours needed
plan-col-current-hours = hours now
plan-col-recommended-hours = recommended hours
plan-col-scenario = plan
plan-col-requests = mean requests
plan-col-median = median placed
plan-col-p10 = 10th percentile
plan-col-band = 5th-95th percentile
plan-col-change = median change (points)
plan-scenario-current = current plan
plan-scenario-recommended = recommended plan
plan-view-heading = Plan for { $month }: forecast and simulation
