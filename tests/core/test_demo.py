from core.config import get_settings
from core.db.engine import get_engine
from core.demo import demo_already_loaded, load_demo_data


def test_demo_data_loads_once_and_restarts_skip_the_heavy_part() -> None:
    settings = get_settings()
    engine = get_engine(settings.sqlalchemy_url)
    assert not demo_already_loaded(settings)
    first = load_demo_data(engine, settings)
    assert not first.problems, first.problems
    assert any("Northwind" in step for step in first.steps)
    assert demo_already_loaded(settings)
    again = load_demo_data(engine, settings, force=False)
    assert again.steps == ("already loaded",)


def test_a_different_embedding_model_loads_the_demo_again(monkeypatch) -> None:
    settings = get_settings()
    load_demo_data(get_engine(settings.sqlalchemy_url), settings)
    monkeypatch.setenv("EMBEDDING_PROVIDER", "openai")
    get_settings.cache_clear()
    assert not demo_already_loaded(get_settings())
