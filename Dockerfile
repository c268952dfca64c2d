# The image compose.yaml builds: the package and its Debian needs (ICU for PyICU).
FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends libicu-dev pkg-config build-essential \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir ".[postgres]"
EXPOSE 8000
CMD ["proscribed", "serve", "--host", "0.0.0.0", "--port", "8000"]
